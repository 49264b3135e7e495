import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { CycleError, CycleInput } from './cycle-types.js';

/** The figures of one cycle that its poll_cycles row records. */
export interface CycleRowFigures {
  status: 'ok' | 'partial' | 'failed';
  dataTime: number | null;
  sightings: number;
  positionsStored: number;
  dropped: Record<string, number>;
  events: number;
  legs: number;
  gaps: number;
  errors: readonly CycleError[];
  processMs: number;
  storeMs: number;
  watchlistSize: number;
}

/** Inserts the cycle's poll_cycles row (inside its transaction, or alone for a failed cycle); returns its id. */
export async function insertCycleRow(db: Kysely<Database>, input: CycleInput, r: CycleRowFigures): Promise<string> {
  const finished = Date.now();
  const row = await db
    .insertInto('poll_cycles')
    .values({
      mode: input.mode,
      status: r.status,
      started_at: new Date(input.startedAtMs),
      finished_at: new Date(finished),
      duration_ms: Math.min(2_147_483_647, Math.max(0, Math.round(finished - input.startedAtMs))),
      fetch_ms: input.fetchMs === null ? null : Math.round(input.fetchMs),
      process_ms: Math.round(r.processMs),
      store_ms: Math.round(r.storeMs),
      data_time: r.dataTime === null ? null : new Date(r.dataTime),
      requests: input.requests,
      failed_requests: input.errors.length,
      watchlist_size: r.watchlistSize,
      sightings: r.sightings,
      positions_stored: r.positionsStored,
      dropped: JSON.stringify(r.dropped),
      events: r.events,
      legs_changed: r.legs,
      gaps_changed: r.gaps,
      errors: JSON.stringify(r.errors.slice(0, 50)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}
