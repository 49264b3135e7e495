export interface AlertBackoff {
  initialMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones (pure): initialMs doubling up to maxMs,
 * with ±20 % jitter from `random` (0..1) so that many alerts failing together do not retry in step.
 */
export function nextAttemptDelayMs(attempts: number, backoff: AlertBackoff, random: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * Math.min(1, Math.max(0, random))));
}
