import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CSV_LIMITS, type CsvLimits } from '../../src/shared/csv-limits.js';
import { readCsvFile, readFileLines } from '../../src/shared/csv-record-stream.js';
import { type CsvRecord, parseCsvRecords, prepareCsvText } from '../../src/shared/csv-records-parser.js';
import { CsvTextNormalizer } from '../../src/shared/csv-text-normalizer.js';
import type { RejectedRow } from '../../src/shared/rejected-row.js';

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-csv-stream-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(content: string | Buffer): string {
  files += 1;
  const path = join(dir, `f${files}.csv`);
  writeFileSync(path, content);
  return path;
}

async function read(
  path: string,
  options: { comments?: boolean; chunkBytes?: number; limits?: Partial<CsvLimits>; encoding?: string } = {},
): Promise<{ records: Array<CsvRecord & { text: string }>; rejected: RejectedRow[] }> {
  const records: Array<CsvRecord & { text: string }> = [];
  const { rejected } = await readCsvFile(
    path,
    { ...options, limits: { ...DEFAULT_CSV_LIMITS, ...options.limits } },
    (record, quote) => records.push({ ...record, text: quote(record.line, record.endLine) }),
  );
  return { records, rejected };
}

/** CSV text with what breaks a streaming reader at a chunk boundary: CRLF, quoted newlines, comments, é, 0x1A. */
const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'a,b',
        'n\u0000ul,1',
        '"x\r\ny",z',
        '# note, "q',
        '',
        ' ',
        'é,ü€',
        '"say ""hi""",1',
        '\u001A',
        'o"pen,"1',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .chain((lines) => fc.tuple(fc.constant(lines), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean()))
  .map(([lines, eol, bom, eof]) => `${bom ? '\uFEFF' : ''}${lines.join(eol)}${eof ? `${eol}\u001A` : ''}`);

describe('readCsvFile', () => {
  it('reads the records, lines and rejections of parseCsvRecords, however the file is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.integer({ min: 1, max: 9 }), fc.boolean(), async (text, chunkBytes, comments) => {
        const expected = parseCsvRecords(text, { comments });
        const path = write(text);
        const got = await read(path, { chunkBytes, comments });
        expect(got.records.map(({ line, endLine, fields }) => ({ line, endLine, fields }))).toEqual(
          expected.records.filter((r) => !r.fields.some((f) => f.includes('\u0000'))),
        );
        expect(got.rejected).toEqual(expected.rejected);
        for (const record of got.records)
          expect(record.text).toBe(expected.lines.slice(record.line - 1, record.endLine).join('\n'));
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a row with more fields than maxFields, or a field over maxFieldBytes (UTF-8), and reads on', async () => {
    const wide = Array.from({ length: 13 }, (_, i) => `f${i}`).join(',');
    const path = write(`ok,1\n${wide}\nlong,${'é'.repeat(40)}\nshort,${'é'.repeat(32)}\nlast,2\n`);
    const { records, rejected } = await read(path, { limits: { maxFields: 12, maxFieldBytes: 64 } });
    expect(records.map((r) => r.fields[0])).toEqual(['ok', 'short', 'last']);
    expect(rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(rejected[0]?.reason).toMatch(/13 fields; a row may have at most 12 \(watchlist\.import\.maxFields\)/);
    expect(rejected[0]?.text).toBe(wide);
    expect(rejected[1]?.reason).toMatch(/field 2 is 80 bytes long; .* at most 64 \(watchlist\.import\.maxFieldBytes\)/);
  });

  it('stops at the row after maxRows with INPUT_FILE_TOO_LARGE naming the cap, its setting and the line', async () => {
    const path = write('h\n1\n\n2\n3\n4\n');
    await expect(read(path, { limits: { maxRows: 3 } })).rejects.toMatchObject({
      code: 'INPUT_FILE_TOO_LARGE',
      message: expect.stringMatching(/:5: more than 3 rows, .*\(watchlist\.import\.maxRows\)\. Nothing was imported/),
    });
    expect((await read(path, { limits: { maxRows: 5 } })).records).toHaveLength(5);
  });

  it('stops at a record over maxRecordBytes (a quote never closed) naming the line where it starts', async () => {
    const path = write(`a,1\n\nb,"open\n${'x,'.repeat(800)}\nc,3\n`);
    await expect(read(path, { limits: { maxRecordBytes: 1024 } })).rejects.toMatchObject({
      code: 'INPUT_FILE_TOO_LARGE',
      message: expect.stringMatching(/:3: a record longer than 1,024 bytes .*\(watchlist\.import\.maxRecordBytes\)/),
    });
    // Under the cap the same file reads as before: the open quote is a rejected row at its line.
    const { rejected } = await read(path);
    expect(rejected).toMatchObject([{ line: 3, reason: expect.stringMatching(/never closed, so lines 3-6/) }]);
  });

  it('reports an invalid UTF-8 byte with its line and offset however the chunks cut it', async () => {
    const path = write(Buffer.concat([Buffer.from('a,é\nb,2\nc,'), Buffer.from([0xe9]), Buffer.from(',3\n')]));
    for (const chunkBytes of [1, 2, 3, 64]) {
      await expect(read(path, { chunkBytes })).rejects.toMatchObject({
        code: 'INPUT_FILE_ENCODING',
        message: expect.stringMatching(/:3: not UTF-8 \(byte 0xe9 at offset 11\)/),
      });
    }
    const { records } = await read(path, { encoding: 'latin1', chunkBytes: 2 });
    expect(records.map((r) => r.fields[1])).toEqual(['Ã©', '2', 'é']);
  });

  it('reads UTF-16 (by its mark or its NUL bytes) cut into chunks of odd sizes, past the first 4 KB', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `${i},Línea Aérea ${i}`).join('\r\n');
    const expected = parseCsvRecords(text).records;
    const marked = write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const unmarked = write(Buffer.from(text, 'utf16le'));
    for (const path of [marked, unmarked]) {
      const { records } = await read(path, { chunkBytes: 5 });
      expect(records.map(({ line, endLine, fields }) => ({ line, endLine, fields }))).toEqual(expected);
    }
  });

  it('is an INPUT_FILE_UNREADABLE error for a missing file', async () => {
    await expect(read(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'INPUT_FILE_UNREADABLE' });
  });
});

describe('readFileLines', () => {
  it('gives the wanted lines as the reader numbers them (CRLF, BOM), cut like a rejected row', async () => {
    const path = write(`\uFEFFa\r\n\r\nc\r\n${'d'.repeat(2000)}\r\n`);
    const lines = await readFileLines(path, undefined, new Set([1, 3, 4, 9]));
    expect([...lines.keys()]).toEqual([1, 3, 4]);
    expect(lines.get(3)).toBe('c');
    expect(lines.get(4)).toBe(`${'d'.repeat(300)}…`);
  });
});

describe('CsvTextNormalizer', () => {
  it('gives prepareCsvText of the whole text, however the text is cut', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(40), { maxLength: 6 }), (text, cuts) => {
        const normalizer = new CsvTextNormalizer();
        const points = [...new Set(cuts.map((cut) => Math.min(cut, text.length)))].sort((a, b) => a - b);
        let out = '';
        let from = 0;
        for (const point of [...points, text.length]) {
          out += normalizer.write(text.slice(from, point));
          from = point;
        }
        expect(out + normalizer.end()).toBe(prepareCsvText(text));
      }),
      { numRuns: 300 },
    );
  });
});
