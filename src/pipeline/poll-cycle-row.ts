import type { PollCycleRecord } from '../store/poll-cycles-repository.js';
import type { PreparedCycle } from './prepared-cycle.js';

/** What the cycle's transaction stored; null for a cycle with no usable response, which stores nothing. */
export interface CycleStored {
  positionsStored: number;
  storeMs: number;
}

/**
 * The poll_cycles row of a prepared cycle. A cycle that stored nothing is `failed` and records no data
 * time nor sightings; one that ran no engine step (no trustworthy time) is `partial`; otherwise it is
 * `partial` when a request or response failed, else `ok`.
 */
export function pollCycleRecord(cycle: PreparedCycle, stored: CycleStored | null): PollCycleRecord {
  const { input, snapshot, errors, result } = cycle;
  return {
    mode: input.mode,
    status: stored === null ? 'failed' : result && !errors.length ? 'ok' : 'partial',
    startedAtMs: input.startedAtMs,
    fetchMs: input.fetchMs,
    requests: input.requests,
    failedRequests: input.errors.length,
    dataTime: stored === null ? null : snapshot.asOf,
    sightings: stored === null ? 0 : snapshot.sightings.length,
    positionsStored: stored?.positionsStored ?? 0,
    dropped: cycle.dropped,
    events: result?.events.length ?? 0,
    legs: result?.legs.length ?? 0,
    gaps: result?.gaps.length ?? 0,
    errors,
    // Each provider's errors are cut to its first 5: a provider refused access fails every request alike.
    providers: input.providers?.map((p) => ({ ...p, errors: p.errors.slice(0, 5) })) ?? null,
    processMs: cycle.processMs,
    storeMs: stored?.storeMs ?? 0,
    watchlistSize: cycle.watchlistSize,
  };
}
