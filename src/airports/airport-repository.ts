import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { Airport } from './airport.js';

type Db = Kysely<Database> | Transaction<Database>;

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
    const chunk = airports.slice(i, i + 5000).map((a) => ({
      ident: a.ident,
      name: a.name,
      type: a.type,
      lat: a.lat,
      lon: a.lon,
      elevation_ft: a.elevationFt,
      iso_country: a.isoCountry,
      iata: a.iata,
      source,
    }));
    const result = await sql<{ inserted: boolean }>`
      INSERT INTO airports (ident, name, type, lat, lon, elevation_ft, iso_country, iata, source)
      SELECT DISTINCT ON (ident) ident, name, type, lat, lon, elevation_ft, iso_country, iata, source
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS v(ident text, name text, type text, lat float8, lon float8, elevation_ft int, iso_country text, iata text, source text)
      ON CONFLICT (ident) DO UPDATE SET name = excluded.name, type = excluded.type, lat = excluded.lat, lon = excluded.lon,
        elevation_ft = excluded.elevation_ft, iso_country = excluded.iso_country, iata = excluded.iata, source = excluded.source
      WHERE (airports.name, airports.type, airports.lat, airports.lon, airports.elevation_ft, airports.iso_country, airports.iata)
        IS DISTINCT FROM (excluded.name, excluded.type, excluded.lat, excluded.lon, excluded.elevation_ft, excluded.iso_country, excluded.iata)
      RETURNING (xmax = 0) AS inserted`.execute(db);
    const added = result.rows.filter((row) => row.inserted).length;
    counts.added += added;
    counts.updated += result.rows.length - added;
    counts.unchanged += chunk.length - result.rows.length;
  }
  return counts;
}

export async function countAirports(db: Db): Promise<number> {
  const row = await db
    .selectFrom('airports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
