import type { TailwatchConfig } from '../config/config-schema.js';
import { backoffMs, type Backoff } from '../shared/backoff.js';

export interface AlertBackoff {
  initialMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones (pure): initialMs doubling up to maxMs,
 * with ±20 % jitter from `random` (0..1) so that many alerts failing together do not retry in step,
 * rounded to the nearest millisecond (shared/backoff.ts). One failed attempt waits about initialMs.
 */
export function nextAttemptDelayMs(attempts: number, backoff: AlertBackoff, random: number): number {
  const schedule: Backoff = {
    initialMs: backoff.initialMs,
    maxMs: backoff.maxMs,
    jitter: { from: 0.8, width: 0.4 },
    rounding: 'nearest',
  };
  return backoffMs(attempts - 1, schedule, random);
}

/** The outbox's retry schedule (`alerts.backoff`), in ms: email, webhooks and the digest share it. */
export function alertBackoffFromConfig(config: Readonly<TailwatchConfig>): AlertBackoff {
  const b = config.alerts.backoff;
  return { initialMs: b.initialSeconds * 1000, maxMs: b.maxSeconds * 1000, maxAttempts: b.maxAttempts };
}
