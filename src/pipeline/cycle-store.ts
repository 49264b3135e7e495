import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { CopyBinaryWriter, copyBinaryHeader, copyBinaryTrailer } from '../db/copy-binary.js';
import { copyRows } from '../db/copy-rows.js';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { GapRecord } from '../tracking/gap-record.js';
import type { LegRecord } from '../tracking/leg-record.js';
import type { CommittedLegs } from './committed-legs.js';
import type { Sighting } from '../tracking/sighting.js';
import type { TrackEvent } from '../tracking/track-event.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const POSITION_COLUMNS =
  'hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg, vertical_rate_fpm, squawk, callsign, source, matched_by';
const POSITION_FIELDS = 13;
const ROWS_PER_CHUNK = 1000;

/**
 * The positions in binary COPY format (src/db/copy-binary.ts; each column written with its exact type,
 * see the partitioned-positions migration): the header, chunks of whole rows, the trailer. Built whole
 * before the COPY starts (about 4 ms for 10,000 rows), so that once started the COPY needs nothing more
 * from the event loop: a replay parses its next poll meanwhile, and a COPY built as the stream drained
 * stalled behind every long synchronous step of that parse.
 */
export function positionCopyData(sightings: readonly Sighting[], matchedBy: (hex: string) => MatchedBy): Buffer[] {
  const writer = new CopyBinaryWriter();
  const data = [copyBinaryHeader()];
  for (let i = 0; i < sightings.length; i += ROWS_PER_CHUNK) {
    for (let j = i; j < Math.min(i + ROWS_PER_CHUNK, sightings.length); j++) {
      const s = sightings[j]!;
      const matched = matchedBy(s.hex);
      writer.row(
        POSITION_FIELDS,
        s.hex.length + (s.squawk?.length ?? 0) + (s.callsign?.length ?? 0) + s.source.length + matched.length,
      );
      writer.text(s.hex);
      writer.timestamp(s.observedAt);
      writer.float8(s.lat);
      writer.float8(s.lon);
      writer.int4(s.onGround ? null : s.altBaroFt);
      writer.bool(s.onGround);
      writer.float4(s.groundSpeedKt);
      writer.float4(s.trackDeg);
      writer.int4(s.verticalRateFpm);
      writer.text(s.squawk);
      writer.text(s.callsign);
      writer.text(s.source);
      writer.text(matched);
    }
    data.push(writer.take());
  }
  data.push(copyBinaryTrailer());
  return data;
}

/** Connections that already have the session's staging table (a failed transaction discards its connection). */
const withStaging = new WeakSet<pg.PoolClient>();

/**
 * The slow, always-correct path: COPY into a temporary staging table (one per connection, emptied at
 * each commit), then one INSERT ... ON CONFLICT DO NOTHING from it. Returns the rows actually inserted.
 */
async function insertPositionsViaStaging(
  trx: Transaction<Database>,
  client: pg.PoolClient,
  chunks: Iterable<Buffer>,
): Promise<number> {
  if (!withStaging.has(client)) {
    await sql`CREATE TEMPORARY TABLE IF NOT EXISTS positions_staging (LIKE positions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`.execute(
      trx,
    );
    withStaging.add(client);
  }
  await copyRows(client, `COPY positions_staging (${POSITION_COLUMNS}) FROM STDIN (FORMAT binary)`, chunks);
  const result = await sql`
    INSERT INTO positions (${sql.raw(POSITION_COLUMNS)}) SELECT ${sql.raw(POSITION_COLUMNS)} FROM positions_staging
    ON CONFLICT (hex, observed_at) DO NOTHING`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Stores positions with COPY on the transaction's own connection; rows already stored are skipped.
 * Returns the rows actually inserted. Fast path: COPY straight into positions under a savepoint. When
 * any row is already there (unique_violation: a replay of old data, another writer), the savepoint is
 * rolled back and the rows go through the staging table instead. The caller filters out the common
 * repeat of an aircraft's last stored position first, so that the fast path usually succeeds.
 */
export async function insertPositions(
  trx: Transaction<Database>,
  client: pg.PoolClient,
  sightings: readonly Sighting[],
  matchedBy: (hex: string) => MatchedBy,
): Promise<number> {
  if (!sightings.length) return 0;
  const data = positionCopyData(sightings, matchedBy);
  await sql`SAVEPOINT positions_copy`.execute(trx);
  try {
    const copied = await copyRows(client, `COPY positions (${POSITION_COLUMNS}) FROM STDIN (FORMAT binary)`, data);
    await sql`RELEASE SAVEPOINT positions_copy`.execute(trx);
    return copied;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  await sql`ROLLBACK TO SAVEPOINT positions_copy`.execute(trx);
  return insertPositionsViaStaging(trx, client, data);
}

/**
 * Writes the legs a cycle changed, by their engine key; returns key -> id for every leg key the cycle
 * refers to. Legs that `committed` knows only moved on (lastSeenAt, callsign) get a narrow UPDATE of
 * those columns; the others, and any whose row that UPDATE did not find, get the full upsert.
 */
export async function upsertLegs(
  trx: Transaction<Database>,
  legs: readonly LegRecord[],
  matchedBy: (hex: string) => MatchedBy,
  extraKeys: readonly string[],
  committed?: CommittedLegs,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const { advanced, changed } = committed ? committed.split(legs) : { advanced: [], changed: [...legs] };
  if (advanced.length) {
    const result = await sql<{ id: string; leg_key: string }>`
      UPDATE legs SET last_seen_at = v.last_seen_at, callsign = v.callsign,
        matched_by = CASE WHEN legs.matched_by = 'watchlist' THEN legs.matched_by ELSE v.matched_by END, updated_at = now()
      FROM unnest(${advanced.map((l) => l.key)}::text[], ${advanced.map((l) => iso(l.lastSeenAt))}::timestamptz[],
                  ${advanced.map((l) => l.callsign)}::text[], ${advanced.map((l) => matchedBy(l.hex))}::text[]) AS v(leg_key, last_seen_at, callsign, matched_by)
      WHERE legs.leg_key = v.leg_key
      RETURNING legs.id, legs.leg_key`.execute(trx);
    for (const row of result.rows) ids.set(row.leg_key, String(row.id));
    for (const leg of advanced) if (!ids.has(leg.key)) changed.push(leg); // its row is gone: write it whole
  }
  if (changed.length) {
    const rows = changed.map((l) => ({
      leg_key: l.key,
      hex: l.hex,
      departure_airport: l.departureAirport,
      arrival_airport: l.arrivalAirport,
      departure_lat: l.departureLat,
      departure_lon: l.departureLon,
      arrival_lat: l.arrivalLat,
      arrival_lon: l.arrivalLon,
      departed_at: iso(l.departedAt),
      arrived_at: iso(l.arrivedAt),
      departure_inferred: l.departureInferred,
      arrival_inferred: l.arrivalInferred,
      first_seen_at: iso(l.firstSeenAt),
      last_seen_at: iso(l.lastSeenAt),
      status: l.status,
      callsign: l.callsign,
      matched_by: matchedBy(l.hex),
    }));
    const result = await sql<{ id: string; leg_key: string }>`
      INSERT INTO legs (leg_key, hex, departure_airport, arrival_airport, departure_lat, departure_lon, arrival_lat, arrival_lon,
                        departed_at, arrived_at, departure_inferred, arrival_inferred, first_seen_at, last_seen_at, status, callsign, matched_by)
      SELECT leg_key, hex, departure_airport, arrival_airport, departure_lat, departure_lon, arrival_lat, arrival_lon,
             departed_at, arrived_at, departure_inferred, arrival_inferred, first_seen_at, last_seen_at, status, callsign, matched_by
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
        leg_key text, hex text, departure_airport text, arrival_airport text, departure_lat float8, departure_lon float8,
        arrival_lat float8, arrival_lon float8, departed_at timestamptz, arrived_at timestamptz, departure_inferred bool,
        arrival_inferred bool, first_seen_at timestamptz, last_seen_at timestamptz, status text, callsign text, matched_by text)
      ON CONFLICT (leg_key) DO UPDATE SET
        departure_airport = excluded.departure_airport, arrival_airport = excluded.arrival_airport,
        departure_lat = excluded.departure_lat, departure_lon = excluded.departure_lon,
        arrival_lat = excluded.arrival_lat, arrival_lon = excluded.arrival_lon,
        departed_at = excluded.departed_at, arrived_at = excluded.arrived_at,
        departure_inferred = excluded.departure_inferred, arrival_inferred = excluded.arrival_inferred,
        first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at, status = excluded.status,
        callsign = excluded.callsign, matched_by = CASE WHEN legs.matched_by = 'watchlist' THEN legs.matched_by ELSE excluded.matched_by END,
        updated_at = now()
      RETURNING id, leg_key`.execute(trx);
    for (const row of result.rows) ids.set(row.leg_key, String(row.id));
  }
  const missing = [...new Set(extraKeys)].filter((key) => !ids.has(key));
  if (missing.length) {
    const rows = await trx.selectFrom('legs').select(['id', 'leg_key']).where('leg_key', 'in', missing).execute();
    for (const row of rows) ids.set(row.leg_key, String(row.id));
  }
  return ids;
}

/** Upserts gaps by their engine key; returns key -> id. */
export async function upsertGaps(
  trx: Transaction<Database>,
  gaps: readonly GapRecord[],
  legIds: Map<string, string>,
  extraKeys: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (gaps.length) {
    const rows = gaps.map((g) => ({
      gap_key: g.key,
      hex: g.hex,
      leg_id: g.legKey ? (legIds.get(g.legKey) ?? null) : null,
      started_at: iso(g.startedAt),
      ended_at: iso(g.endedAt),
      start_lat: g.startLat,
      start_lon: g.startLon,
      start_alt_ft: g.startAltFt === null ? null : Math.round(g.startAltFt),
      start_on_ground: g.startOnGround,
      end_lat: g.endLat,
      end_lon: g.endLon,
      end_alt_ft: g.endAltFt === null ? null : Math.round(g.endAltFt),
      end_on_ground: g.endOnGround,
      distance_km: g.distanceKm,
      implied_speed_kt: g.impliedSpeedKt,
    }));
    const result = await sql<{ id: string; gap_key: string }>`
      INSERT INTO transponder_gaps (gap_key, hex, leg_id, started_at, ended_at, start_lat, start_lon, start_alt_ft, start_on_ground,
                                    end_lat, end_lon, end_alt_ft, end_on_ground, distance_km, implied_speed_kt)
      SELECT gap_key, hex, leg_id, started_at, ended_at, start_lat, start_lon, start_alt_ft, start_on_ground,
             end_lat, end_lon, end_alt_ft, end_on_ground, distance_km, implied_speed_kt
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
        gap_key text, hex text, leg_id bigint, started_at timestamptz, ended_at timestamptz, start_lat float8, start_lon float8,
        start_alt_ft int, start_on_ground bool, end_lat float8, end_lon float8, end_alt_ft int, end_on_ground bool,
        distance_km float8, implied_speed_kt float8)
      ON CONFLICT (gap_key) DO UPDATE SET
        leg_id = coalesce(excluded.leg_id, transponder_gaps.leg_id), ended_at = excluded.ended_at,
        end_lat = excluded.end_lat, end_lon = excluded.end_lon, end_alt_ft = excluded.end_alt_ft, end_on_ground = excluded.end_on_ground,
        distance_km = excluded.distance_km, implied_speed_kt = excluded.implied_speed_kt, updated_at = now()
      RETURNING id, gap_key`.execute(trx);
    for (const row of result.rows) ids.set(row.gap_key, String(row.id));
  }
  const missing = [...new Set(extraKeys)].filter((key) => !ids.has(key));
  if (missing.length) {
    const rows = await trx
      .selectFrom('transponder_gaps')
      .select(['id', 'gap_key'])
      .where('gap_key', 'in', missing)
      .execute();
    for (const row of rows) ids.set(row.gap_key, String(row.id));
  }
  return ids;
}

/** A key that is the same whenever the same event is derived again (replays insert nothing). */
export function eventKey(event: TrackEvent): string {
  const ref = 'gapKey' in event ? event.gapKey : event.legKey;
  return `${event.kind}:${event.hex}:${event.at}:${ref}`;
}

/** Inserts events; returns the ones that were new (not seen before), with their ids. */
export async function insertEvents(
  trx: Transaction<Database>,
  events: readonly TrackEvent[],
  legIds: Map<string, string>,
  gapIds: Map<string, string>,
  cycleId: string | null,
): Promise<Array<{ id: string; event: TrackEvent }>> {
  if (!events.length) return [];
  const byKey = new Map(events.map((event) => [eventKey(event), event]));
  const rows = [...byKey].map(([key, e]) => ({
    event_key: key,
    hex: e.hex,
    kind: e.kind,
    at: iso(e.at),
    leg_id: e.legKey ? (legIds.get(e.legKey) ?? null) : null,
    gap_id: 'gapKey' in e ? (gapIds.get(e.gapKey) ?? null) : null,
    airport: 'airport' in e ? e.airport : null,
    inferred: 'inferred' in e ? e.inferred : null,
    lat: 'lat' in e ? e.lat : null,
    lon: 'lon' in e ? e.lon : null,
    details: e,
    cycle_id: cycleId,
  }));
  const result = await sql<{ id: string; event_key: string }>`
    INSERT INTO track_events (event_key, hex, kind, at, leg_id, gap_id, airport, inferred, lat, lon, details, cycle_id)
    SELECT event_key, hex, kind, at, leg_id, gap_id, airport, inferred, lat, lon, details, cycle_id
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      event_key text, hex text, kind text, at timestamptz, leg_id bigint, gap_id bigint, airport text, inferred bool,
      lat float8, lon float8, details jsonb, cycle_id bigint)
    ON CONFLICT (event_key) DO NOTHING
    RETURNING id, event_key`.execute(trx);
  return result.rows.map((row) => ({ id: String(row.id), event: byKey.get(row.event_key)! }));
}
