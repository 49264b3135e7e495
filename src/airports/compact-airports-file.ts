import { TailwatchError } from '../errors/tailwatch-error.js';
import type { Airport } from './airport.js';
import type { Runway, RunwayEnd } from './runway.js';

/**
 * The compact file of default airports and runways that tailwatch ships
 * (`config/airports/default-airports.json.gz`, made by `npm run airports:derive`, see
 * scripts/derive-airports.ts). JSON, one array per airport and per runway instead of objects with
 * keys, coordinates rounded to 5 decimals (about 1 m): 28,000 airports and 40,000 runways in about 1.5 MB
 * gzipped. This module only encodes and decodes; reading the file is the shell's job.
 */

export const COMPACT_AIRPORTS_FORMAT = 1;

/** [ident, iata, name, isoCountry, lat, lon, elevationFt, type] */
type AirportRow = [string, string | null, string, string | null, number, number, number | null, string];
/** [ident, lat, lon, elevationFt, headingDegT] */
type EndRow = [string, number | null, number | null, number | null, number | null];
/** [airportIdent, lengthFt, widthFt, surface, closed (0/1), le, he] */
type RunwayRow = [string, number | null, number | null, string | null, 0 | 1, EndRow, EndRow | null];

export interface CompactAirportsFile {
  format: number;
  /** Where the data comes from and under which licence (the MIT notice of airportsdata is kept in NOTICE.md). */
  sources: string[];
  airports: AirportRow[];
  runways: RunwayRow[];
}

function round(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function endRow(end: RunwayEnd): EndRow {
  return [end.ident, round(end.lat, 5), round(end.lon, 5), end.elevationFt, round(end.headingDegT, 1)];
}

function endOf(row: EndRow): RunwayEnd {
  return { ident: row[0], lat: row[1], lon: row[2], elevationFt: row[3], headingDegT: row[4] };
}

export function encodeCompactAirports(
  airports: readonly Airport[],
  runways: readonly Runway[],
  sources: string[],
): CompactAirportsFile {
  return {
    format: COMPACT_AIRPORTS_FORMAT,
    sources,
    airports: airports.map((a) => [
      a.ident,
      a.iata,
      a.name,
      a.isoCountry,
      round(a.lat, 5)!,
      round(a.lon, 5)!,
      a.elevationFt === null ? null : Math.round(a.elevationFt),
      a.type,
    ]),
    runways: runways.map((r) => [
      r.airportIdent,
      r.lengthFt,
      r.widthFt,
      r.surface,
      r.closed ? 1 : 0,
      endRow(r.le),
      r.he === null ? null : endRow(r.he),
    ]),
  };
}

/** Decodes the file's JSON; throws DEFAULT_AIRPORTS_INVALID when it is not this format (a broken build). */
export function decodeCompactAirports(json: unknown): { airports: Airport[]; runways: Runway[] } {
  const file = json as Partial<CompactAirportsFile> | null;
  if (
    file === null ||
    typeof file !== 'object' ||
    file.format !== COMPACT_AIRPORTS_FORMAT ||
    !Array.isArray(file.airports) ||
    !Array.isArray(file.runways)
  ) {
    throw new TailwatchError(
      'DEFAULT_AIRPORTS_INVALID',
      `The default airports file is not format ${COMPACT_AIRPORTS_FORMAT}: ` +
        'regenerate it with `npm run airports:derive` (docs/operations.md) or reinstall tailwatch.',
    );
  }
  const airports = file.airports.map((a): Airport => ({
    ident: a[0],
    iata: a[1],
    name: a[2],
    isoCountry: a[3],
    lat: a[4],
    lon: a[5],
    elevationFt: a[6],
    type: a[7],
  }));
  const runways = file.runways.map((r): Runway => ({
    airportIdent: r[0],
    lengthFt: r[1],
    widthFt: r[2],
    surface: r[3],
    closed: r[4] === 1,
    le: endOf(r[5]),
    he: r[6] === null ? null : endOf(r[6]),
  }));
  return { airports, runways };
}
