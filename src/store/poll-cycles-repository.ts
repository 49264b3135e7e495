import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/** What one cycle's poll_cycles row records: what it fetched, what it derived and what it stored. */
export interface PollCycleRecord {
  mode: 'poll' | 'replay';
  status: 'ok' | 'partial' | 'failed';
  /** Wall clock when the cycle started, epoch ms; it finished when the row is written. */
  startedAtMs: number;
  fetchMs: number | null;
  requests: number;
  failedRequests: number;
  /** The data time of the cycle (feeds' `now`), epoch ms. */
  dataTime: number | null;
  sightings: number;
  positionsStored: number;
  dropped: Record<string, number>;
  events: number;
  legs: number;
  gaps: number;
  /** The cycle's errors; the first 50 are kept. */
  errors: readonly object[];
  /** How each provider fared (live polls); null when not known (replay). */
  providers: readonly object[] | null;
  processMs: number;
  storeMs: number;
  watchlistSize: number;
}

function cycleRow(r: PollCycleRecord, finished: number) {
  return {
    mode: r.mode,
    status: r.status,
    started_at: new Date(r.startedAtMs),
    finished_at: new Date(finished),
    duration_ms: Math.min(2_147_483_647, Math.max(0, Math.round(finished - r.startedAtMs))),
    fetch_ms: r.fetchMs === null ? null : Math.round(r.fetchMs),
    process_ms: Math.round(r.processMs),
    store_ms: Math.round(r.storeMs),
    data_time: r.dataTime === null ? null : new Date(r.dataTime),
    requests: r.requests,
    failed_requests: r.failedRequests,
    watchlist_size: r.watchlistSize,
    sightings: r.sightings,
    positions_stored: r.positionsStored,
    dropped: JSON.stringify(r.dropped),
    events: r.events,
    legs_changed: r.legs,
    gaps_changed: r.gaps,
    errors: JSON.stringify(r.errors.slice(0, 50)),
    providers: r.providers === null ? null : JSON.stringify(r.providers),
  };
}

/** Inserts the cycle's poll_cycles row (inside its transaction, or alone for a failed cycle); returns its id. */
export async function insertCycleRow(db: Kysely<Database>, r: PollCycleRecord): Promise<string> {
  return (await insertCycleRows(db, [r]))[0]!;
}

/** Inserts the rows of several cycles in one statement, in order; returns their ids, in the same order. */
export async function insertCycleRows(db: Kysely<Database>, records: readonly PollCycleRecord[]): Promise<string[]> {
  if (!records.length) return [];
  const finished = Date.now();
  const rows = await db
    .insertInto('poll_cycles')
    .values(records.map((r) => cycleRow(r, finished)))
    .returning('id')
    .execute();
  // Ids come from the table's sequence in the order of the VALUES list.
  return rows
    .map((row) => BigInt(row.id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
}
