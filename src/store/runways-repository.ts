import { sql } from 'kysely';
import type { Db } from '../db/database-schema.js';
import type { Runway } from '../airports/runway.js';
import { bumpAirportTablesVersion } from './airport-tables-version.js';
import { type ColumnValues, recordsetColumns } from './table-columns.js';

/** The columns a runway is written with, and their types in the JSON record set. */
const RUNWAY_COLUMNS = {
  airport_ident: 'text',
  length_ft: 'int',
  width_ft: 'int',
  surface: 'text',
  closed: 'bool',
  le_ident: 'text',
  le_lat: 'float8',
  le_lon: 'float8',
  le_elevation_ft: 'int',
  le_heading_degt: 'float8',
  he_ident: 'text',
  he_lat: 'float8',
  he_lon: 'float8',
  he_elevation_ft: 'int',
  he_heading_degt: 'float8',
  source: 'text',
} as const;
const RUNWAY = recordsetColumns(RUNWAY_COLUMNS);

const int = (value: number | null): number | null => (value === null ? null : Math.round(value));

function runwayRow(r: Runway, source: string): ColumnValues<typeof RUNWAY_COLUMNS> {
  return {
    airport_ident: r.airportIdent,
    length_ft: int(r.lengthFt),
    width_ft: int(r.widthFt),
    surface: r.surface,
    closed: r.closed,
    le_ident: r.le.ident,
    le_lat: r.le.lat,
    le_lon: r.le.lon,
    le_elevation_ft: int(r.le.elevationFt),
    le_heading_degt: r.le.headingDegT,
    he_ident: r.he?.ident ?? null,
    he_lat: r.he?.lat ?? null,
    he_lon: r.he?.lon ?? null,
    he_elevation_ft: int(r.he?.elevationFt ?? null),
    he_heading_degt: r.he?.headingDegT ?? null,
    source,
  };
}

/** Replaces every runway that came from `source` with these (5,000 per statement); returns how many were written. */
export async function replaceRunways(db: Db, runways: readonly Runway[], source: string): Promise<number> {
  await db.deleteFrom('runways').where('source', '=', source).execute();
  for (let i = 0; i < runways.length; i += 5000) {
    const chunk = runways.slice(i, i + 5000).map((r) => runwayRow(r, source));
    await sql`
      INSERT INTO runways (${RUNWAY.names})
      SELECT ${RUNWAY.names} FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS v(${RUNWAY.definition})
    `.execute(db);
  }
  await bumpAirportTablesVersion(db);
  return runways.length;
}

export async function countRunways(db: Db): Promise<number> {
  const row = await db
    .selectFrom('runways')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every runway, for the in-memory airport index the tracking engine uses. */
export async function allRunways(db: Db): Promise<Runway[]> {
  const rows = await db.selectFrom('runways').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    airportIdent: r.airport_ident,
    lengthFt: r.length_ft,
    widthFt: r.width_ft,
    surface: r.surface,
    closed: r.closed,
    le: {
      ident: r.le_ident,
      lat: r.le_lat,
      lon: r.le_lon,
      elevationFt: r.le_elevation_ft,
      headingDegT: r.le_heading_degt,
    },
    he:
      r.he_ident === null
        ? null
        : {
            ident: r.he_ident,
            lat: r.he_lat,
            lon: r.he_lon,
            elevationFt: r.he_elevation_ft,
            headingDegT: r.he_heading_degt,
          },
  }));
}
