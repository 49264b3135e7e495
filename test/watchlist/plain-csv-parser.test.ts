import { describe, it, expect } from 'vitest';
import { parsePlainCsv } from '../../src/watchlist/plain-csv-parser.js';
import { PLAIN_CSV_HEADER, plainCsvFile } from '../support/watchlist-files.js';

describe('parsePlainCsv', () => {
  it('reads all six columns', () => {
    const { rows, rejected, unresolved } = parsePlainCsv(
      plainCsvFile(['1533AD,ra-78765,il76,Aviacon Zitotrans,"Il-76TD, OFAC-listed",OFAC SDN ent_num 40185']),
    );
    expect(rejected).toEqual([]);
    expect(unresolved).toEqual([]);
    expect(rows).toEqual([
      {
        line: 1,
        airframe: {
          hex: '1533ad',
          registration: 'RA-78765',
          typeCode: 'IL76',
          operator: 'Aviacon Zitotrans',
          reason: 'Il-76TD, OFAC-listed',
          source: 'OFAC SDN ent_num 40185',
        },
      },
    ]);
  });

  it.each([
    ['only a hex', '1533ad', { registration: null, typeCode: null, operator: null, reason: null, source: 'csv' }],
    ['five columns', '1533ad,RA-78765,IL76,Aviacon Zitotrans,watched', { reason: 'watched', source: 'csv' }],
    ['an empty source', '1533ad,RA-78765,IL76,,,', { operator: null, source: 'csv' }],
  ])('fills what is missing when given %s', (_name, line, expected) => {
    const { rows, rejected } = parsePlainCsv(line);
    expect(rejected).toEqual([]);
    expect(rows[0]?.airframe).toMatchObject({ hex: '1533ad', ...expected });
  });

  it('skips the optional header, blank lines and # comments without reporting them, and numbers physical lines', () => {
    const text = plainCsvFile(
      [
        '# watched airframes, one per line',
        PLAIN_CSV_HEADER,
        '',
        '1533ad,RA-78765',
        '  # indented comment',
        '152c07,RA-76807',
      ],
      { bom: true, crlf: true },
    );
    const { rows, rejected } = parsePlainCsv(text);
    expect(rejected).toEqual([]);
    expect(rows.map((r) => [r.line, r.airframe.hex])).toEqual([
      [4, '1533ad'],
      [6, '152c07'],
    ]);
  });

  it('only treats the first row as a header', () => {
    const { rejected } = parsePlainCsv(`${PLAIN_CSV_HEADER}\n1533ad\nhex,registration\n`);
    expect(rejected.map((r) => r.line)).toEqual([3]);
  });

  it('rejects bad rows with their line and a reason, and imports the rest', () => {
    const text = plainCsvFile([
      PLAIN_CSV_HEADER, // 1
      '1533ad,RA-78765,IL76', // 2
      '1533a,RA-78765', // 3: five digits
      '~1533ad,RA-78765', // 4: non-ICAO
      ',RA-78765', // 5: no hex
      '152c2a,RA-76842,IL76,Aviacon Zitotrans,reason,source,extra', // 6: seven fields
      '152c2e,RA-76846,Il-76TD', // 7: model, not designator
      '152c07,RA-76807,IL76', // 8
    ]);
    const { rows, rejected } = parsePlainCsv(text);
    expect(rows.map((r) => r.line)).toEqual([2, 8]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/"1533a" is not an ICAO hex/),
      expect.stringMatching(/non-ICAO/),
      expect.stringMatching(/hex column is empty/),
      expect.stringMatching(/7 fields; expected at most 6/),
      expect.stringMatching(/"Il-76TD" is not an ICAO type designator/),
    ]);
    expect(rejected[3]?.text).toBe('152c2a,RA-76842,IL76,Aviacon Zitotrans,reason,source,extra');
  });

  it('keeps the last row of a duplicated hex and rejects the earlier one as a duplicate of the later line', () => {
    const text = plainCsvFile([
      '1533ad,RA-78765,IL76,old operator',
      '152c07',
      '1533AD,RA-78765,IL76,Aviacon Zitotrans',
    ]);
    const { rows, rejected } = parsePlainCsv(text);
    expect(rows.map((r) => [r.line, r.airframe.hex, r.airframe.operator])).toEqual([
      [2, '152c07', null],
      [3, '1533ad', 'Aviacon Zitotrans'],
    ]);
    expect(rejected).toEqual([
      {
        line: 1,
        reason: expect.stringMatching(/duplicate of hex 1533ad: line 3/),
        text: '1533ad,RA-78765,IL76,old operator',
      },
    ]);
  });

  it('rejects an unclosed quote at the line it starts', () => {
    const { rows, rejected } = parsePlainCsv('1533ad\n152c07,"RA-76807\n');
    expect(rows.map((r) => r.airframe.hex)).toEqual(['1533ad']);
    expect(rejected.map((r) => r.line)).toEqual([2]);
  });
});

describe('a NUL byte in a field (found by the import fuzz test)', () => {
  it('rejects that row with its line number and keeps the others', () => {
    const result = parsePlainCsv('1533ad,RA-78765,IL76,,\n152c07,RA-76807,IL76,\u0000,\n');
    expect(result.rows.map((r) => r.airframe.hex)).toEqual(['1533ad']);
    expect(result.rejected).toEqual([expect.objectContaining({ line: 2, reason: expect.stringContaining('NUL') })]);
  });
});
