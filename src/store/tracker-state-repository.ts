import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database-schema.js';
import type { AircraftTrack, TrackerState } from '../tracking/tracker-state.js';

/**
 * A version stamp of the engine state in tracker_state (app_meta 'tracker_state_version'), changed by
 * every cycle that commits engine state. A process that cached the state checks, inside its cycle's
 * transaction and under a transaction-level advisory lock, that the stamp is still the one its state
 * was computed from. So a replay or `poll --once` beside a worker, or a worker that took over from
 * another, never overwrites newer engine state with a stale copy.
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

/** Serialises committing cycles across processes (until the transaction ends) and reads the stamp. */
export async function lockTrackerStateVersion(trx: Transaction<Database>): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tailwatch.tracker_state'))`.execute(trx);
  return readTrackerStateVersion(trx);
}

export async function bumpTrackerStateVersion(trx: Transaction<Database>): Promise<string> {
  const version = randomUUID();
  await sql`
    INSERT INTO app_meta (key, value, updated_at) VALUES (${VERSION_KEY}, ${JSON.stringify(version)}::jsonb, now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(trx);
  return version;
}

/** Loads the engine's state: one jsonb row per aircraft. */
export async function loadTrackerState(db: Db): Promise<TrackerState> {
  const rows = await db.selectFrom('tracker_state').select(['hex', 'state']).execute();
  return { version: 1, aircraft: rows.map((row) => row.state as AircraftTrack) };
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
  for (let i = 0; i < changed.length; i += 2000) {
    const chunk = changed.slice(i, i + 2000);
    await sql`
      INSERT INTO tracker_state (hex, state, updated_at)
      SELECT v.hex, v.state::json, now()
      FROM unnest(string_to_array(${chunk.map((t) => t.hex).join(',')}, ','),
         string_to_array(${chunk.map((t) => JSON.stringify(t)).join('\n')}, E'\\n')) AS v(hex, state)
      ON CONFLICT (hex) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(trx);
  }
  if (removed.length) await trx.deleteFrom('tracker_state').where('hex', 'in', removed).execute();
  return changed.length + removed.length;
}
