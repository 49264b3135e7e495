import type { Readable } from 'node:stream';

/**
 * The lines of a recording, as readline gives them with `crlfDelay: Infinity` (LF, CRLF and a lone CR
 * each end a line; no final empty line), but split on the raw bytes and decoded once per line. A
 * recorded poll is one line of several megabytes: readline decodes each 64 KiB chunk, appends it to a
 * string and runs its line-break regex over the whole, which cost a replay about 10 ms a poll plus the
 * garbage of the partial strings. A newline byte never occurs inside a multi-byte UTF-8 character, so
 * splitting before decoding is exact. With `ending`, `ending.unterminated` is set, before the last line
 * is yielded, when the stream ends without a line break after it (a file cut short ends so).
 */
export async function* recordingLines(stream: Readable, ending?: { unterminated: boolean }): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  const emit = function* (bytes: Buffer): Generator<string> {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!text.includes('\r')) {
      yield text;
      return;
    }
    yield* text.split('\r');
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      const piece = buffer.subarray(start, end);
      const line = parts.length ? Buffer.concat([...parts, piece]) : piece;
      parts = [];
      yield* emit(line);
      start = end + 1;
    }
    if (start < buffer.length) parts.push(buffer.subarray(start));
  }
  if (parts.length) {
    if (ending) ending.unterminated = true; // set before the last line is yielded
    yield* emit(Buffer.concat(parts));
  }
}
