import { describe, it, expect } from 'vitest';
import { parsePlaneAlertDb, registrationIndexFromPlaneAlertDb } from '../../src/watchlist/plane-alert-db-parser.js';
import { normalizeRegistration } from '../../src/watchlist/import-result.js';
import { planeAlertDbFile, ZITOTRANS_RA78765, type PlaneAlertRow } from '../support/watchlist-files.js';

const VENEZUELA_A340: PlaneAlertRow = {
  icao: '0D80AE',
  registration: 'YV1004',
  operator: 'Conviasa',
  type: 'Airbus A340-211',
  icaoType: 'A342',
  cmpg: 'Gov',
  tags: ['Dictator Alert', 'Nicolas Maduro', 'Free And Fair Elections'],
  category: 'Dictator Alert',
  link: 'https://data.dictatoralert.org/dictatorships',
};

describe('parsePlaneAlertDb', () => {
  it('maps a row to an airframe with a lowercase hex, the ICAO type and a reason from category and tags', () => {
    const { rows, rejected, unresolved } = parsePlaneAlertDb(planeAlertDbFile([ZITOTRANS_RA78765]));
    expect(rejected).toEqual([]);
    expect(unresolved).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        airframe: {
          hex: '1533ad',
          registration: 'RA-78765',
          typeCode: 'IL76',
          operator: 'Aviacon Zitotrans',
          reason: 'plane-alert-db: Da Comrade; tags: Cargo, Chonky Boy, Tail Gunner',
          source: 'plane-alert-db',
        },
      },
    ]);
  });

  it.each([
    ['plain', {}],
    ['with BOM', { bom: true }],
    ['with CRLF', { crlf: true }],
    ['with BOM and CRLF', { bom: true, crlf: true }],
  ])('reads the same rows %s', (_name, options) => {
    const { rows, rejected } = parsePlaneAlertDb(planeAlertDbFile([ZITOTRANS_RA78765, VENEZUELA_A340], options));
    expect(rejected).toEqual([]);
    expect(rows.map((r) => [r.line, r.airframe.hex])).toEqual([
      [2, '1533ad'],
      [3, '0d80ae'],
    ]);
  });

  it('finds columns by name when they are reordered', () => {
    const text = ['Category,$ICAO Type,$Registration,$ICAO', 'Da Comrade,IL76,RA-78765,1533AD'].join('\n');
    const { rows } = parsePlaneAlertDb(text);
    expect(rows[0]?.airframe).toMatchObject({
      hex: '1533ad',
      registration: 'RA-78765',
      typeCode: 'IL76',
      operator: null,
    });
  });

  it('keeps a quoted link that contains commas', () => {
    const row = { ...ZITOTRANS_RA78765, link: 'https://example.org/a,b,c' };
    expect(parsePlaneAlertDb(planeAlertDbFile([row])).rejected).toEqual([]);
  });

  it('rejects bad hexes and short rows with their line and a reason, and imports the rest', () => {
    const text = planeAlertDbFile([
      ZITOTRANS_RA78765, // line 2
      { ...VENEZUELA_A340, icao: '10166' }, // line 3: a leading zero lost
      { ...VENEZUELA_A340, icao: 'ZZZZZZ' }, // line 4
      { raw: '152C07,RA-76807,Aviacon Zitotrans' }, // line 5: short
      VENEZUELA_A340, // line 6
    ]);
    const { rows, rejected } = parsePlaneAlertDb(text);
    expect(rows.map((r) => r.line)).toEqual([2, 6]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(rejected[0]?.reason).toMatch(/010166/);
    expect(rejected[1]?.reason).toMatch(/6 hex digits/);
    expect(rejected[2]?.reason).toMatch(/3 fields but the header has 11/);
    expect(rejected[2]?.text).toBe('152C07,RA-76807,Aviacon Zitotrans');
  });

  it('keeps the last row of a duplicated hex and rejects the earlier one, naming the later line', () => {
    const text = planeAlertDbFile([
      ZITOTRANS_RA78765,
      VENEZUELA_A340,
      { ...ZITOTRANS_RA78765, operator: 'JSC Aviacon Zitotrans' },
    ]);
    const { rows, rejected } = parsePlaneAlertDb(text);
    expect(rows.map((r) => [r.line, r.airframe.operator])).toEqual([
      [3, 'Conviasa'],
      [4, 'JSC Aviacon Zitotrans'],
    ]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 2 });
    expect(rejected[0]?.reason).toMatch(/line 4/);
  });

  it('rejects everything with one message when the header has no ICAO column', () => {
    const { rows, rejected } = parsePlaneAlertDb('hex,registration\n1533ad,RA-78765\n');
    expect(rows).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 1 });
    expect(rejected[0]?.reason).toMatch(/\$ICAO/);
  });

  it('returns nothing for an empty file', () => {
    expect(parsePlaneAlertDb('')).toEqual({ rows: [], rejected: [], unresolved: [] });
  });
});

describe('normalizeRegistration', () => {
  it.each([
    ['RA-78765', 'RA78765'],
    ['ra 78765', 'RA78765'],
    ['RA78765', 'RA78765'],
    [' yv-1004 ', 'YV1004'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRegistration(input)).toBe(expected);
  });
});

describe('registrationIndexFromPlaneAlertDb', () => {
  it('indexes airframes by normalised registration', () => {
    const index = registrationIndexFromPlaneAlertDb(planeAlertDbFile([ZITOTRANS_RA78765, VENEZUELA_A340]));
    expect(index.get('RA78765')).toEqual({ hex: '1533ad', typeCode: 'IL76', operator: 'Aviacon Zitotrans' });
    expect(index.get(normalizeRegistration('YV-1004'))?.hex).toBe('0d80ae');
    expect(index.size).toBe(2);
  });

  it('leaves out a registration that two different hexes claim', () => {
    const index = registrationIndexFromPlaneAlertDb(
      planeAlertDbFile([ZITOTRANS_RA78765, { ...VENEZUELA_A340, registration: 'RA78765' }]),
    );
    expect(index.has('RA78765')).toBe(false);
  });
});
