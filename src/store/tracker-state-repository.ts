import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database-schema.js';
import { advanceAlongLog, type LoggedPosition } from '../tracking/log-advance.js';
import type { AircraftTrack, TrackerState } from '../tracking/tracker-state.js';

/**
 * A version stamp of the engine state in tracker_state (app_meta 'tracker_state_version'), changed by
 * every cycle that commits engine state. A process that cached the state moves the stamp on inside its
 * cycle's transaction only from the stamp its state was computed from (a compare-and-set UPDATE whose row
 * lock holds to the end of the transaction). So a replay or `poll --once` beside a worker, or a worker
 * that took over from another, never overwrites newer engine state with a stale copy.
 */
const VERSION_KEY = 'tracker_state_version';

export class StaleTrackerStateError extends Error {
  constructor() {
    super('the engine state was committed by another process since this cycle read it');
    this.name = 'StaleTrackerStateError';
  }
}

export async function readTrackerStateVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : '';
}

/**
 * Moves the version stamp on from `expected` to a new one in one statement, or returns null when the
 * committed stamp is not `expected` (another process committed engine state since). The UPDATE takes the
 * stamp's row lock until the transaction ends, so committing cycles are serialised across processes, and
 * one that waited re-checks the stamp another has just committed
 * (READ COMMITTED re-evaluates the WHERE on the newest row version). One round trip instead of three
 * (lock, read, write) in every cycle's transaction.
 */
export async function advanceTrackerStateVersion(
  trx: Transaction<Database>,
  expected: string | null,
): Promise<string | null> {
  if (expected === null) return null;
  const version = randomUUID();
  if (expected === '') {
    // No stamp yet (a new database): the first to insert it wins; another's insert conflicts.
    const inserted = await sql`
      INSERT INTO app_meta (key, value, updated_at) VALUES (${VERSION_KEY}, ${JSON.stringify(version)}::jsonb, now())
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
      WHERE jsonb_typeof(app_meta.value) <> 'string'`.execute(trx);
    return Number(inserted.numAffectedRows ?? 0n) === 1 ? version : null;
  }
  const updated = await sql`
    UPDATE app_meta SET value = ${JSON.stringify(version)}::jsonb, updated_at = now()
    WHERE key = ${VERSION_KEY} AND value = ${JSON.stringify(expected)}::jsonb`.execute(trx);
  return Number(updated.numAffectedRows ?? 0n) === 1 ? version : null;
}

/** The engine state as a process loads it: the last checkpoint, and that checkpoint moved on along the log. */
export interface LoadedTrackerState {
  /** The tracks as the last checkpoint wrote them (what tracker_state holds). */
  checkpoint: TrackerState;
  /** The engine's state now: `checkpoint` with every track moved on along its stored positions since. */
  state: TrackerState;
  /** Data time of the last checkpoint (epoch ms), null before the first. */
  checkpointAt: number | null;
  /** Positions read from the log to rebuild `state`. */
  positionsReplayed: number;
}

/**
 * Loads the engine's state: the checkpoint (one json row per aircraft in tracker_state), then every
 * stored position a track was built from since (rows not matched by area, newer than the track's last
 * point, in time order) moved on along (tracking/log-advance.ts). Between checkpoints a cycle only ever
 * moves tracks on (the processor checkpoints whenever the engine did more), so this is the state the
 * engine had after the last committed cycle.
 */
export async function loadTrackerState(db: Db): Promise<LoadedTrackerState> {
  const rows = await db.selectFrom('tracker_state').select(['hex', 'state']).execute();
  const checkpoint: TrackerState = { version: 1, aircraft: rows.map((row) => row.state as AircraftTrack) };
  const since = await positionsSinceCheckpoint(db);
  const aircraft = checkpoint.aircraft.slice();
  let replayed = 0;
  for (let i = 0; i < aircraft.length; i++) {
    const positions = since.get(aircraft[i]!.hex);
    if (positions === undefined) continue;
    let track = aircraft[i]!;
    for (const p of positions) track = advanceAlongLog(track, p);
    aircraft[i] = track;
    replayed += positions.length;
  }
  return {
    checkpoint,
    state: { version: 1, aircraft },
    checkpointAt: await readCheckpointTime(db),
    positionsReplayed: replayed,
  };
}

/** Each checkpointed track's stored positions newer than its last point, oldest first. */
async function positionsSinceCheckpoint(db: Db): Promise<Map<string, LoggedPosition[]>> {
  const result = await sql<{
    hex: string;
    observed_at: Date;
    lat: number;
    lon: number;
    alt_baro_ft: number | null;
    on_ground: boolean;
    vertical_rate_fpm: number | null;
    ground_speed_kt: number | null;
    track_deg: number | null;
    callsign: string | null;
  }>`
    SELECT p.hex, p.observed_at, p.lat, p.lon, p.alt_baro_ft, p.on_ground, p.vertical_rate_fpm,
           p.ground_speed_kt, p.track_deg, p.callsign
    FROM tracker_state ts
    CROSS JOIN LATERAL (
      SELECT * FROM positions p
      WHERE p.hex = ts.hex AND p.matched_by <> 'area'
        AND p.observed_at > timestamptz 'epoch' + (ts.state -> 'last' ->> 't')::bigint * interval '1 millisecond'
      ORDER BY p.observed_at) p
    WHERE ts.state -> 'last' ->> 't' IS NOT NULL
    ORDER BY p.hex, p.observed_at`.execute(db);
  const byHex = new Map<string, LoggedPosition[]>();
  for (const row of result.rows) {
    const p: LoggedPosition = {
      t: row.observed_at.getTime(),
      lat: row.lat,
      lon: row.lon,
      altFt: row.alt_baro_ft,
      onGround: row.on_ground,
      verticalRateFpm: row.vertical_rate_fpm,
      // float4 comes back as its shortest decimal; the float4 value itself is what the sighting held.
      groundSpeedKt: row.ground_speed_kt === null ? null : Math.fround(row.ground_speed_kt),
      trackDeg: row.track_deg === null ? null : Math.fround(row.track_deg),
      callsign: row.callsign,
    };
    const list = byHex.get(row.hex);
    if (list === undefined) byHex.set(row.hex, [p]);
    else list.push(p);
  }
  return byHex;
}

/** app_meta key of the last checkpoint's data time. */
const CHECKPOINT_KEY = 'tracker_checkpoint_at';

async function readCheckpointTime(db: Db): Promise<number | null> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', CHECKPOINT_KEY).executeTakeFirst();
  return typeof row?.value === 'number' ? row.value : null;
}

/** Marks a checkpoint at data time `at` (epoch ms), in the transaction that writes it. */
export async function markCheckpoint(trx: Transaction<Database>, at: number): Promise<void> {
  await sql`
    INSERT INTO app_meta (key, value, updated_at) VALUES (${CHECKPOINT_KEY}, ${JSON.stringify(at)}::jsonb, now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(trx);
}

/**
 * The aircraft whose track object changed between two states (the engine copies only what it touches),
 * and the hexes of those no longer in `after`. A state the engine derived from `before` keeps each
 * aircraft at its position and only appends, so tracks are compared position by position; a hex
 * lookup is the fallback for any other pair of states.
 */
export function changedTracks(
  before: TrackerState,
  after: TrackerState,
): { changed: AircraftTrack[]; removed: string[] } {
  const changed: AircraftTrack[] = [];
  let beforeByHex: Map<string, AircraftTrack> | null = null;
  let aligned = after.aircraft.length >= before.aircraft.length;
  for (let i = 0; i < after.aircraft.length; i++) {
    const track = after.aircraft[i]!;
    const same = before.aircraft[i];
    if (same !== undefined && same.hex === track.hex) {
      if (same !== track) changed.push(track);
      continue;
    }
    if (same !== undefined) aligned = false;
    beforeByHex ??= new Map(before.aircraft.map((t) => [t.hex, t]));
    if (beforeByHex.get(track.hex) !== track) changed.push(track);
  }
  if (aligned) return { changed, removed: [] };
  const present = new Set(after.aircraft.map((t) => t.hex));
  const removed = before.aircraft.filter((t) => !present.has(t.hex)).map((t) => t.hex);
  return { changed, removed };
}

/**
 * Writes only the aircraft that changed, in bulk: each track's JSON on a line of one text parameter and
 * the hexes in another (JSON.stringify never writes a raw newline, and a hex never holds a comma), split
 * by the server; cheaper than a JSON array it must parse as a whole and take apart again.
 */
export async function saveTrackerState(
  trx: Transaction<Database>,
  before: TrackerState,
  after: TrackerState,
): Promise<number> {
  const { changed, removed } = changedTracks(before, after);
  await saveTracks(trx, changed);
  if (removed.length) await trx.deleteFrom('tracker_state').where('hex', 'in', removed).execute();
  return changed.length + removed.length;
}

/** Writes the given tracks (a partial checkpoint: each row is its own track's checkpoint). */
export async function saveTracks(trx: Transaction<Database>, changed: readonly AircraftTrack[]): Promise<void> {
  for (let i = 0; i < changed.length; i += 2000) {
    const chunk = changed.slice(i, i + 2000);
    await sql`
      INSERT INTO tracker_state (hex, state, updated_at)
      SELECT v.hex, v.state::json, now()
      FROM unnest(string_to_array(${chunk.map((t) => t.hex).join(',')}, ','),
         string_to_array(${chunk.map((t) => JSON.stringify(t)).join('\n')}, E'\\n')) AS v(hex, state)
      ON CONFLICT (hex) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(trx);
  }
}
