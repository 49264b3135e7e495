import type { Readable } from 'node:stream';

/**
 * The lines of a recording, as readline gives them with `crlfDelay: Infinity` (LF, CRLF and a lone CR
 * each end a line; no final empty line), but split on the raw bytes and decoded once per line. A
 * recorded poll is one line of several megabytes: readline decodes each 64 KiB chunk, appends it to a
 * string and runs its line-break regex over the whole, which cost a replay about 10 ms a poll plus the
 * garbage of the partial strings. A newline byte never occurs inside a multi-byte UTF-8 character, so
 * splitting before decoding is exact. With `ending`, `ending.unterminated` is set, before the last line
 * is yielded, when the stream ends without a line break after it (a file cut short ends so).
 * A line longer than `maxLineBytes` is never held whole: it comes out as a TooLongLine with its length
 * (a gzip bomb of one endless line otherwise grows until the heap gives out).
 */
export async function* recordingLines(
  stream: Readable,
  ending?: { unterminated: boolean },
  maxLineBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string | TooLongLine> {
  let parts: Buffer[] = [];
  let held = 0; // bytes in parts
  let skipped = 0; // > 0: the line in progress is over maxLineBytes; its bytes are dropped as they come
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
      start = end + 1;
      if (skipped > 0 || held + piece.length > maxLineBytes) {
        yield { tooLong: true, bytes: skipped + held + piece.length };
        parts = [];
        held = 0;
        skipped = 0;
        continue;
      }
      const line = parts.length ? Buffer.concat([...parts, piece]) : piece;
      parts = [];
      held = 0;
      yield* emit(line);
    }
    if (start < buffer.length) {
      const rest = buffer.subarray(start);
      if (skipped > 0 || held + rest.length > maxLineBytes) {
        // Never hold more than the cap: a line that outgrows it is counted, not kept.
        skipped += held + rest.length;
        parts = [];
        held = 0;
      } else {
        parts.push(rest);
        held += rest.length;
      }
    }
  }
  if (parts.length || skipped > 0) {
    if (ending) ending.unterminated = true; // set before the last line is yielded
    if (skipped > 0) yield { tooLong: true, bytes: skipped };
    else yield* emit(Buffer.concat(parts));
  }
}

/** A line longer than the cap, in place of its text (which was never held whole). */
export interface TooLongLine {
  tooLong: true;
  bytes: number;
}
