/**
 * How far a response's `now` may be trusted. Feeds are strangers' servers: a broken or hostile clock
 * must not move the engine's data time (which opens gaps and closes legs) nor decide where rows are
 * stored. Pure: the wall clock, where one is used, is handed in by the shell (the pipeline).
 */

/** A live response whose `now` is further ahead of this machine's clock than this is rejected. */
export const MAX_AHEAD_OF_CLOCK_MS = 5 * 60_000;
/** ...and one further behind it than this (a stale cache, or a clock far off): feeds.maxClockLagSeconds. */
export const DEFAULT_MAX_BEHIND_CLOCK_MS = 15 * 60_000;
/** Responses of one cycle whose `now` lies further than this from the cycle's median are outliers. */
export const CYCLE_CLOCK_SPREAD_MS = 5 * 60_000;

function minutes(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${(abs / 86_400_000).toFixed(1)} days`;
  if (abs >= 3_600_000) return `${(abs / 3_600_000).toFixed(1)} h`;
  return `${Math.round(abs / 1000)} s`;
}

/** Says how the gap between two times reads, e.g. "3.0 days ahead of" or "20 s behind". */
export function describeOffset(ms: number): string {
  return `${minutes(ms)} ${ms >= 0 ? 'ahead of' : 'behind'}`;
}

/**
 * Why a live response's `now` cannot be used, given this machine's clock when the poll's answers were
 * in; null when it can. Ahead by more than MAX_AHEAD_OF_CLOCK_MS (always), or behind by more than
 * `maxBehindMs` (null: not checked, for a feed that serves recorded data on purpose).
 */
export function liveResponseTimeProblem(nowMs: number, clockMs: number, maxBehindMs: number | null): string | null {
  const offset = nowMs - clockMs;
  if (offset <= MAX_AHEAD_OF_CLOCK_MS && (maxBehindMs === null || offset >= -maxBehindMs)) return null;
  const behind = maxBehindMs === null ? '' : ` or ${Math.round(maxBehindMs / 1000)} s behind`;
  return (
    `its "now" (${new Date(nowMs).toISOString()}) is ${describeOffset(offset)} this machine's clock ` +
    `(${MAX_AHEAD_OF_CLOCK_MS / 1000} s ahead${behind} is allowed, see feeds.maxClockLagSeconds): ` +
    `the provider's clock is wrong, or this machine's is (check NTP); the response was not used`
  );
}

/**
 * The lower median of a cycle's response times: the consensus the cycle's clock is held to. With two
 * responses the earlier one wins, so a single response can never pull the clock forward on its own.
 */
export function medianTime(times: readonly number[]): number | null {
  if (!times.length) return null;
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Why one response of a cycle is an outlier against the cycle's median time, or null when it is not. */
export function cycleOutlierProblem(nowMs: number, medianMs: number): string | null {
  const offset = nowMs - medianMs;
  if (Math.abs(offset) <= CYCLE_CLOCK_SPREAD_MS) return null;
  return (
    `its "now" (${new Date(nowMs).toISOString()}) is ${describeOffset(offset)} the other responses of ` +
    `its poll (more than ${CYCLE_CLOCK_SPREAD_MS / 60_000} min): the provider's clock is wrong; ` +
    `the response was not used`
  );
}
