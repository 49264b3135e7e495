import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { type AircraftTrack, emptyTrackerState, type TrackerState } from '../tracking/tracker-state.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Loads the engine's state: one jsonb row per aircraft. */
export async function loadTrackerState(db: Db): Promise<TrackerState> {
  const rows = await db.selectFrom('tracker_state').select(['hex', 'state']).execute();
  const state = emptyTrackerState();
  for (const row of rows) state.aircraft[row.hex] = row.state as AircraftTrack;
  return state;
}

/** The aircraft whose track object changed between two states (the engine copies only what it touches). */
export function changedTracks(before: TrackerState, after: TrackerState): { changed: AircraftTrack[]; removed: string[] } {
  const changed: AircraftTrack[] = [];
  for (const hex in after.aircraft) {
    const track = after.aircraft[hex];
    if (track !== undefined && track !== before.aircraft[hex]) changed.push(track);
  }
  const removed = Object.keys(before.aircraft).filter((hex) => !(hex in after.aircraft));
  return { changed, removed };
}

/** Writes only the aircraft that changed, in bulk. */
export async function saveTrackerState(trx: Transaction<Database>, before: TrackerState, after: TrackerState): Promise<number> {
  const { changed, removed } = changedTracks(before, after);
  for (let i = 0; i < changed.length; i += 2000) {
    const chunk = changed.slice(i, i + 2000);
    await sql`
      INSERT INTO tracker_state (hex, state, updated_at)
      SELECT (t->>'hex'), t, now() FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) AS t
      ON CONFLICT (hex) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(trx);
  }
  if (removed.length) await trx.deleteFrom('tracker_state').where('hex', 'in', removed).execute();
  return changed.length + removed.length;
}
