import { sql } from 'kysely';
import type { Db } from '../db/database-schema.js';
import type { ExportAirport, TrackExport } from '../track-export/track-export-input.js';
import { toExportGap } from './legs-and-gaps-repository.js';

const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());

/** The newest stored position of an airframe, or null when it has none. */
export async function newestPositionTime(db: Db, hex: string): Promise<number | null> {
  const result = await sql<{ t: Date | null }>`SELECT max(observed_at) AS t FROM positions WHERE hex = ${hex}`.execute(
    db,
  );
  return ms(result.rows[0]?.t ?? null);
}

interface LegRow {
  id: string;
  callsign: string | null;
  departed_at: Date | null;
  arrived_at: Date | null;
  first_seen_at: Date;
  last_seen_at: Date;
  status: string;
  dep_ident: string | null;
  dep_name: string | null;
  dep_lat: number | null;
  dep_lon: number | null;
  dep_elevation_ft: number | null;
  arr_ident: string | null;
  arr_name: string | null;
  arr_lat: number | null;
  arr_lon: number | null;
  arr_elevation_ft: number | null;
}

function airport(
  ident: string | null,
  name: string | null,
  lat: number | null,
  lon: number | null,
  elevationFt: number | null,
): ExportAirport | null {
  if (ident === null || lat === null || lon === null) return null;
  return { ident, name: name ?? ident, lat, lon, elevationFt };
}

/**
 * One airframe's positions, legs and gaps from `from` to `until` (both included): the legs and gaps that
 * overlap the window, whole. Reads `positions` by its (hex, observed_at) key, one index range per month.
 */
export async function loadTrackExport(db: Db, hex: string, from: Date, until: Date): Promise<TrackExport> {
  const airframe = await db
    .selectFrom('airframes')
    .select(['registration', 'type_code', 'operator'])
    .where('hex', '=', hex)
    .executeTakeFirst();
  const positions = await sql<{
    observed_at: Date;
    lat: number;
    lon: number;
    alt_baro_ft: number | null;
    on_ground: boolean;
  }>`
    SELECT observed_at, lat, lon, alt_baro_ft, on_ground FROM positions
    WHERE hex = ${hex} AND observed_at BETWEEN ${from} AND ${until}
    ORDER BY observed_at`.execute(db);
  const legs = await sql<LegRow>`
    SELECT l.id::text AS id, l.callsign, l.departed_at, l.arrived_at, l.first_seen_at, l.last_seen_at, l.status,
           coalesce(da.ident, l.departure_airport) AS dep_ident, da.name AS dep_name,
           coalesce(da.lat, l.departure_lat) AS dep_lat, coalesce(da.lon, l.departure_lon) AS dep_lon,
           da.elevation_ft AS dep_elevation_ft,
           coalesce(aa.ident, l.arrival_airport) AS arr_ident, aa.name AS arr_name,
           coalesce(aa.lat, l.arrival_lat) AS arr_lat, coalesce(aa.lon, l.arrival_lon) AS arr_lon,
           aa.elevation_ft AS arr_elevation_ft
    FROM legs l
    LEFT JOIN airports da ON da.ident = l.departure_airport
    LEFT JOIN airports aa ON aa.ident = l.arrival_airport
    WHERE l.hex = ${hex} AND l.last_seen_at >= ${from} AND l.first_seen_at <= ${until}
    ORDER BY l.first_seen_at, l.id`.execute(db);
  const gaps = await db
    .selectFrom('transponder_gaps')
    .selectAll()
    .where('hex', '=', hex)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)]))
    .where('started_at', '<=', until)
    .orderBy('started_at')
    .execute();
  return {
    hex,
    registration: airframe?.registration ?? null,
    typeCode: airframe?.type_code ?? null,
    operator: airframe?.operator ?? null,
    positions: positions.rows.map((p) => ({
      t: ms(p.observed_at)!,
      lat: p.lat,
      lon: p.lon,
      altFt: p.alt_baro_ft,
      onGround: p.on_ground,
    })),
    legs: legs.rows.map((l) => ({
      id: l.id,
      callsign: l.callsign,
      departureAirport: l.dep_ident ? airport(l.dep_ident, l.dep_name, l.dep_lat, l.dep_lon, l.dep_elevation_ft) : null,
      arrivalAirport: l.arr_ident ? airport(l.arr_ident, l.arr_name, l.arr_lat, l.arr_lon, l.arr_elevation_ft) : null,
      departedAt: ms(l.departed_at),
      arrivedAt: ms(l.arrived_at),
      firstSeenAt: ms(l.first_seen_at)!,
      lastSeenAt: ms(l.last_seen_at)!,
      status: l.status,
    })),
    gaps: gaps.map(toExportGap),
  };
}
