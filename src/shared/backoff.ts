/**
 * An exponential backoff with jitter: the delay's ceiling is `initialMs` before the first retry and
 * doubles with each retry up to `maxMs`; the delay is that ceiling times a fraction drawn uniformly
 * from [jitter.from, jitter.from + jitter.width]. The feed client uses "full jitter" (from 0, width 1:
 * a delay in [0, ceiling), AWS architecture blog), which spreads the retries of many callers best; the
 * alert outbox uses ±20 % (from 0.8, width 0.4) around a schedule people can read (30 s, 60 s, 120 s...).
 */
export interface Backoff {
  /** Ceiling of the delay before the first retry (retry index 0). */
  initialMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /** The random fraction of the ceiling: from + width × random, random in [0, 1]. */
  jitter: { from: number; width: number };
  /** How the delay becomes whole milliseconds: rounded down (full jitter stays below its ceiling) or to the nearest. */
  rounding: 'down' | 'nearest';
}

/**
 * The wait before retry number `retryIndex` (0 is the first retry; negative counts as 0), in whole
 * milliseconds. `random` is clamped to [0, 1]. Pure.
 */
export function backoffMs(retryIndex: number, backoff: Backoff, random: number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, retryIndex));
  const fraction = Math.min(Math.max(random, 0), 1);
  const delay = ceiling * (backoff.jitter.from + backoff.jitter.width * fraction);
  return backoff.rounding === 'down' ? Math.floor(delay) : Math.round(delay);
}
