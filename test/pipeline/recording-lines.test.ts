import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { recordingLines } from '../../src/pipeline/recording-lines.js';

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** The bytes in chunks of `size`, so that lines, CRLF pairs and multi-byte characters straddle chunks. */
const chunked = (bytes: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)),
  );

describe('recordingLines', () => {
  const texts = [
    '',
    '\n',
    'a',
    'a\n',
    'a\nb',
    'a\r\nb\r\n',
    'a\rb\n',
    'a\r\rb',
    'a\n\nb\n\n',
    '{"é":"ü✈️"}\r\n{"x":"\u{1F600}"}\n',
    '\r',
    '\r\n\r\n',
  ];
  it.each(texts)('splits %j exactly as readline (crlfDelay Infinity) does, whatever the chunking', async (text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = await collect(createInterface({ input: Readable.from([bytes]), crlfDelay: Infinity }));
    for (const size of [1, 2, 3, 64]) expect(await collect(recordingLines(chunked(bytes, size)))).toEqual(expected);
  });

  it.each([
    ['a\nb', true],
    ['a\nb\n', false],
    ['a\r\nb\r\n', false],
    ['', false],
    ['{"cut', true],
  ] as const)(
    'with `ending`, %j ends unterminated: %s (set before its last line is yielded)',
    async (text, unterminated) => {
      const ending = { unterminated: false };
      const seen: boolean[] = [];
      for await (const _line of recordingLines(chunked(Buffer.from(text), 2), ending)) seen.push(ending.unterminated);
      expect(ending.unterminated).toBe(unterminated);
      if (seen.length) expect(seen.at(-1)).toBe(unterminated);
      expect(seen.slice(0, -1).every((flag) => !flag)).toBe(true);
    },
  );

  it('never holds a line over the cap: it comes out as its length, the lines around it are kept', async () => {
    const long = 'x'.repeat(5000);
    const bytes = Buffer.from(`a\n${long}\nb\n${long}`, 'utf8');
    for (const size of [7, 64, 100_000]) {
      const ending = { unterminated: false };
      expect(await collect(recordingLines(chunked(bytes, size), ending, 1000))).toEqual([
        'a',
        { tooLong: true, bytes: 5000 },
        'b',
        { tooLong: true, bytes: 5000 },
      ]);
      expect(ending.unterminated).toBe(true);
    }
  });
});
