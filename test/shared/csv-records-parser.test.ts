import { describe, it, expect } from 'vitest';
import { parseCsvRecords, prepareCsvText } from '../../src/shared/csv-records-parser.js';
import { BOM, DOS_EOF } from '../support/watchlist-files.js';

describe('prepareCsvText', () => {
  it.each([
    ['a BOM', `${BOM}a,b\n`, 'a,b\n'],
    ['CRLF', 'a,b\r\nc,d\r\n', 'a,b\nc,d\n'],
    ['a lone CR', 'a,b\rc,d', 'a,b\nc,d'],
    ['a final 0x1A', `a,b\r\n${DOS_EOF}`, 'a,b\n'],
    ['a final 0x1A followed by blanks', `a,b\r\n${DOS_EOF}\r\n`, 'a,b\n'],
  ])('removes %s', (_what, input, expected) => {
    expect(prepareCsvText(input)).toBe(expected);
  });

  it('keeps a 0x1A that is not at the end', () => {
    expect(prepareCsvText(`a${DOS_EOF}b\n`)).toBe(`a${DOS_EOF}b\n`);
  });
});

describe('parseCsvRecords', () => {
  it('numbers records by the physical line where they start, across blank lines and multi-line fields', () => {
    const text = ['h1,h2', '"multi', 'line",x', '', 'after,blank', '"three', '', 'lines",y', 'last,row'].join('\r\n');
    const { records, rejected } = parseCsvRecords(text);
    expect(rejected).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.fields])).toEqual([
      [1, 1, ['h1', 'h2']],
      [2, 3, ['multi\nline', 'x']],
      [5, 5, ['after', 'blank']],
      [6, 8, ['three\n\nlines', 'y']],
      [9, 9, ['last', 'row']],
    ]);
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    const { records } = parseCsvRecords('"a, b","say ""hi""",c\n');
    expect(records[0]?.fields).toEqual(['a, b', 'say "hi"', 'c']);
  });

  it('skips # comment lines only when asked', () => {
    const text = 'a\n# note, "with quote\nb\n';
    expect(parseCsvRecords(text, { comments: true }).records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
    expect(parseCsvRecords(text).records).toHaveLength(3);
  });

  it('rejects a never-closed quote at the line it starts, keeping the records before it', () => {
    const { records, rejected } = parseCsvRecords('ok,1\n\nbad,"open\nmore\n');
    expect(records.map((r) => r.fields)).toEqual([['ok', '1']]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.line).toBe(3);
    expect(rejected[0]?.text).toBe('bad,"open');
    expect(rejected[0]?.reason).toMatch(/never closed/);
  });

  it('puts a never-closed quote after a rejected NUL row at its own line (it named the NUL row)', () => {
    const { rejected } = parseCsvRecords('n\u0000ul,1\no"pen,"1');
    expect(rejected.map((r) => [r.line, r.text])).toEqual([
      [1, 'n\\0ul,1'],
      [2, 'o"pen,"1'],
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(parseCsvRecords('')).toMatchObject({ records: [], rejected: [] });
  });
});
