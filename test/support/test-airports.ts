import type { Airport } from '../../src/airports/airport.js';
import type { Place } from './trajectory-profile.js';

/**
 * A small airport list for tests: the seed scenario's fields (coordinates and elevations from
 * OurAirports), a few neighbours, and decoys that must never be named as a runway end.
 */
export const TEST_AIRPORTS: readonly Airport[] = [
  {
    ident: 'GQNO',
    name: 'Nouakchott–Oumtounsy International Airport',
    type: 'large_airport',
    lat: 18.31,
    lon: -15.9697222,
    elevationFt: 9,
    isoCountry: 'MR',
    iata: 'NKC',
  },
  {
    ident: 'SVMI',
    name: 'Simón Bolívar International Airport',
    type: 'large_airport',
    lat: 10.601194,
    lon: -66.991222,
    elevationFt: 234,
    isoCountry: 'VE',
    iata: 'CCS',
  },
  {
    ident: 'MUHA',
    name: 'José Martí International Airport',
    type: 'large_airport',
    lat: 22.9892,
    lon: -82.4091,
    elevationFt: 210,
    isoCountry: 'CU',
    iata: 'HAV',
  },
  {
    ident: 'MNMG',
    name: 'Augusto C. Sandino International Airport',
    type: 'large_airport',
    lat: 12.1415,
    lon: -86.1682,
    elevationFt: 194,
    isoCountry: 'NI',
    iata: 'MGA',
  },
  {
    ident: 'TNCC',
    name: 'Hato International Airport',
    type: 'large_airport',
    lat: 12.1889,
    lon: -68.9598,
    elevationFt: 29,
    isoCountry: 'CW',
    iata: 'CUR',
  },
  {
    ident: 'MUVR',
    name: 'Juan Gualberto Gómez International Airport',
    type: 'large_airport',
    lat: 23.0344,
    lon: -81.4353,
    elevationFt: 210,
    isoCountry: 'CU',
    iata: 'VRA',
  },
  {
    ident: 'MROC',
    name: 'Juan Santamaría International Airport',
    type: 'large_airport',
    lat: 9.9939,
    lon: -84.2088,
    elevationFt: 3021,
    isoCountry: 'CR',
    iata: 'SJO',
  },
  // Decoys (made-up idents): nearer to the runway ends than the real fields, but never a runway end.
  {
    ident: 'XHMU',
    name: 'Test heliport beside MUHA',
    type: 'heliport',
    lat: 22.9945,
    lon: -82.406,
    elevationFt: 210,
    isoCountry: 'CU',
    iata: null,
  },
  {
    ident: 'XCSV',
    name: 'Test closed strip beside SVMI',
    type: 'closed',
    lat: 10.599,
    lon: -66.98,
    elevationFt: 200,
    isoCountry: 'VE',
    iata: null,
  },
  {
    ident: 'XSMG',
    name: 'Test seaplane base on Lake Managua',
    type: 'seaplane_base',
    lat: 12.2,
    lon: -86.26,
    elevationFt: 128,
    isoCountry: 'NI',
    iata: null,
  },
];

function place(ident: string): Place {
  const a = TEST_AIRPORTS.find((x) => x.ident === ident);
  if (a === undefined) throw new Error(`no test airport ${ident}`);
  return { ident, lat: a.lat, lon: a.lon, elevationFt: a.elevationFt ?? 0 };
}

export const GQNO = place('GQNO');
export const SVMI = place('SVMI');
export const MUHA = place('MUHA');
export const MNMG = place('MNMG');
export const TNCC = place('TNCC');
export const MUVR = place('MUVR');
export const MROC = place('MROC');
