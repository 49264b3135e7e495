import { describe, expect, it } from 'vitest';
import { nextAttemptDelayMs } from '../../src/alerts/alert-backoff.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from '../../src/feeds/retry-policy.js';
import { backoffMs, type Backoff } from '../../src/shared/backoff.js';

// The expected schedules are written out from the documented rules, not from the code's output:
// - feeds (src/feeds/retry-policy.ts, "full jitter"): a delay in [0, min(8 s, 0.5 s * 2^retryIndex)),
//   rounded down; retryIndex 0 is the wait before the first retry.
// - alerts (docs/operations.md, Alerts): "retried after 30 s, then 60 s, 120 s, ... up to 30 minutes",
//   each with ±20 % jitter (alerts.backoff: initialSeconds 30, maxSeconds 1800), rounded to the nearest ms.

describe('the feed retry schedule (full jitter)', () => {
  // Ceilings before retries 0..6: 0.5 s doubling, capped at 8 s.
  const ceilings = [500, 1000, 2000, 4000, 8000, 8000, 8000];

  it.each(ceilings.map((ceiling, retryIndex) => ({ retryIndex, ceiling })))(
    'retry $retryIndex waits between 0 and $ceiling ms',
    ({ retryIndex, ceiling }) => {
      expect(backoffDelayMs(retryIndex, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
      expect(backoffDelayMs(retryIndex, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(ceiling / 2);
      expect(backoffDelayMs(retryIndex, DEFAULT_RETRY_POLICY, () => 0.25)).toBe(ceiling / 4);
      // A random just below 1 stays below the ceiling: rounded down.
      expect(backoffDelayMs(retryIndex, DEFAULT_RETRY_POLICY, () => 0.9999)).toBe(Math.floor(ceiling * 0.9999));
      expect(backoffDelayMs(retryIndex, DEFAULT_RETRY_POLICY, () => 1)).toBe(ceiling);
    },
  );

  it('rounds down: 0.999 of 500 ms is 499 ms, not 500', () => {
    expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(499);
  });
});

describe('the alert retry schedule (±20 %)', () => {
  const backoff = { initialMs: 30_000, maxMs: 1_800_000, maxAttempts: 50 };
  // After 1..8 failed attempts: 30 s, 60 s, 120 s, 240 s, 480 s, 960 s, then 1,920 s capped at 30 min.
  const centres = [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000];

  it.each(centres.map((centre, i) => ({ attempts: i + 1, centre })))(
    'after $attempts failed attempts waits $centre ms ± 20 %',
    ({ attempts, centre }) => {
      expect(nextAttemptDelayMs(attempts, backoff, 0.5)).toBe(centre);
      expect(nextAttemptDelayMs(attempts, backoff, 0)).toBe(centre * 0.8);
      expect(nextAttemptDelayMs(attempts, backoff, 1)).toBe(centre * 1.2);
    },
  );

  it('stays at 30 minutes up to the last attempt', () => {
    expect(nextAttemptDelayMs(50, backoff, 0.5)).toBe(1_800_000);
  });

  it('rounds to the nearest ms: 30 s * (0.8 + 0.4 * 0.00005) = 24,000.6 ms is 24,001 ms', () => {
    expect(nextAttemptDelayMs(1, backoff, 0.00005)).toBe(24_001);
  });
});

describe('backoffMs', () => {
  const backoff: Backoff = { initialMs: 100, maxMs: 1000, jitter: { from: 0.5, width: 1 }, rounding: 'nearest' };

  it('doubles the ceiling per retry up to the maximum, and jitters from `from` to `from + width` of it', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => backoffMs(i, backoff, 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((i) => backoffMs(i, backoff, 1))).toEqual([150, 300, 600, 1200, 1500, 1500]);
  });

  it('counts a negative retry index as the first retry and clamps random to [0, 1]', () => {
    expect(backoffMs(-3, backoff, 0.5)).toBe(100);
    expect(backoffMs(0, backoff, -1)).toBe(50);
    expect(backoffMs(0, backoff, 7)).toBe(150);
  });
});
