import { type Kysely, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { CopyBinaryWriter, copyBinaryHeader, copyBinaryTrailer } from '../db/copy-binary.js';
import { copyRows } from '../db/copy-rows.js';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { Sighting } from '../tracking/sighting.js';
import { columnNames } from './table-columns.js';

/**
 * The columns a position is written with, in the order positionCopyData writes them (each with the
 * writer of its exact type, see the partitioned-positions migration). Used for the COPY into positions,
 * the COPY into the staging table and the INSERT from it.
 */
export const POSITION_COLUMNS = [
  'hex',
  'observed_at',
  'lat',
  'lon',
  'alt_baro_ft',
  'on_ground',
  'ground_speed_kt',
  'track_deg',
  'vertical_rate_fpm',
  'squawk',
  'callsign',
  'source',
  'matched_by',
  'heard_by',
] as const;

const COLUMN_LIST = columnNames(POSITION_COLUMNS);
const ROWS_PER_CHUNK = 1000;

/**
 * The positions in binary COPY format (src/db/copy-binary.ts; each column written with its exact type,
 * see the partitioned-positions migration): the header, chunks of whole rows, the trailer. Built whole
 * before the COPY starts (about 4 ms for 10,000 rows), so that once started the COPY needs nothing more
 * from the event loop: a replay parses its next poll meanwhile, and a COPY built as the stream drained
 * stalled behind every long synchronous step of that parse.
 */
export function positionCopyData(
  sightings: readonly Sighting[],
  matchedBy: (hex: string) => MatchedBy,
  heardBy: (sighting: Sighting) => number | null = () => null,
): Buffer[] {
  const writer = new CopyBinaryWriter();
  const data = [copyBinaryHeader()];
  for (let i = 0; i < sightings.length; i += ROWS_PER_CHUNK) {
    for (let j = i; j < Math.min(i + ROWS_PER_CHUNK, sightings.length); j++) {
      const s = sightings[j]!;
      const matched = matchedBy(s.hex);
      writer.row(
        POSITION_COLUMNS.length,
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
      writer.int2(heardBy(s));
    }
    data.push(writer.take());
  }
  data.push(copyBinaryTrailer());
  return data;
}

/** Rows of several cycles, each with how its aircraft were matched. */
export interface PositionSegment {
  sightings: readonly Sighting[];
  matchedBy: (hex: string) => MatchedBy;
}

/**
 * Stores the positions of several cycles with one COPY under a savepoint (a group commit). Returns the rows
 * stored, or null when some row was already there: the savepoint is then rolled back and the caller
 * stores each segment with insertPositions, which skips the rows already stored.
 */
export async function insertPositionSegments(
  trx: Transaction<Database>,
  client: pg.PoolClient,
  segments: readonly PositionSegment[],
  heardBy: (sighting: Sighting) => number | null = () => null,
): Promise<number | null> {
  const rows = segments.reduce((n, s) => n + s.sightings.length, 0);
  if (!rows) return 0;
  const data = [copyBinaryHeader()];
  for (const segment of segments)
    if (segment.sightings.length)
      data.push(...positionCopyData(segment.sightings, segment.matchedBy, heardBy).slice(1, -1));
  data.push(copyBinaryTrailer());
  return copyUnlessStored(trx, client, data);
}

/**
 * COPY straight into positions under a savepoint: the rows copied, or null (the savepoint rolled back) when
 * some row was already there (unique_violation).
 */
async function copyUnlessStored(
  trx: Transaction<Database>,
  client: pg.PoolClient,
  data: readonly Buffer[],
): Promise<number | null> {
  await sql`SAVEPOINT positions_copy`.execute(trx);
  try {
    const copied = await copyRows(client, `COPY positions (${COLUMN_LIST}) FROM STDIN (FORMAT binary)`, data);
    await sql`RELEASE SAVEPOINT positions_copy`.execute(trx);
    return copied;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  await sql`ROLLBACK TO SAVEPOINT positions_copy`.execute(trx);
  return null;
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
    await sql`
      CREATE TEMPORARY TABLE IF NOT EXISTS positions_staging (LIKE positions INCLUDING DEFAULTS)
      ON COMMIT DELETE ROWS`.execute(trx);
    withStaging.add(client);
  }
  await copyRows(client, `COPY positions_staging (${COLUMN_LIST}) FROM STDIN (FORMAT binary)`, chunks);
  const result = await sql`
    INSERT INTO positions (${sql.raw(COLUMN_LIST)}) SELECT ${sql.raw(COLUMN_LIST)} FROM positions_staging
    ON CONFLICT (hex, observed_at) DO NOTHING`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Stores positions with COPY on the transaction's own connection; rows already stored are skipped.
 * Returns the rows actually inserted. Fast path: COPY straight into positions under a savepoint. When
 * any row is already there (unique_violation: a replay of old data, another writer), the savepoint is
 * rolled back and the rows go through the staging table instead. The caller filters out the common
 * repeat of an aircraft's last stored position first (LastStoredPositions), so that the fast path
 * usually succeeds. `heardBy` gives each row's positions.heard_by mask (FeedProviderBits.maskOf); null
 * when not known.
 */
export async function insertPositions(
  trx: Transaction<Database>,
  client: pg.PoolClient,
  sightings: readonly Sighting[],
  matchedBy: (hex: string) => MatchedBy,
  heardBy: (sighting: Sighting) => number | null = () => null,
): Promise<number> {
  if (!sightings.length) return 0;
  const data = positionCopyData(sightings, matchedBy, heardBy);
  return (await copyUnlessStored(trx, client, data)) ?? insertPositionsViaStaging(trx, client, data);
}

/** One stored position of an aircraft's track, as an alert email draws it. */
export interface TrackPositionRow {
  observed_at: Date;
  lat: number;
  lon: number;
  alt_baro_ft: number | null;
  on_ground: boolean;
}

/** An aircraft's stored positions from `from` to `to` (both included), oldest first. */
export async function trackPositions(
  db: Kysely<Database>,
  hex: string,
  from: Date,
  to: Date,
): Promise<TrackPositionRow[]> {
  const positions = await sql<TrackPositionRow>`
    SELECT observed_at, lat, lon, alt_baro_ft, on_ground FROM positions
    WHERE hex = ${hex} AND observed_at BETWEEN ${from} AND ${to}
    ORDER BY observed_at`.execute(db);
  return positions.rows;
}

/**
 * The newest data time: the feeds' `now` of the last cycle, else the newest position, but never later
 * than the database server's clock (a row stamped in the future must not push retention forward and
 * drop real months). Null: no data.
 */
export async function newestDataTime(db: Kysely<Database>): Promise<number | null> {
  const result = await sql<{ t: Date | null }>`
    SELECT least(coalesce((SELECT max(data_time) FROM poll_cycles), (SELECT max(observed_at) FROM positions)),
                 now()) AS t`.execute(db);
  const t = result.rows[0]?.t;
  return t ? new Date(t).getTime() : null;
}
