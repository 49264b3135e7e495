import { describe, expect, it } from 'vitest';
import { TailwatchError } from '../../src/errors/tailwatch-error.js';
import {
  backoffDelayMs,
  isRetryableError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from '../../src/feeds/retry-policy.js';

const NOW = Date.UTC(2025, 9, 28, 14, 0, 0);
const POLICY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30_000 };

describe('parseRetryAfter', () => {
  it.each([
    { header: '120', expected: 120_000 },
    { header: '0', expected: 0 },
    { header: ' 2 ', expected: 2000 },
    { header: '1.5', expected: 1500 },
    { header: new Date(NOW + 7000).toUTCString(), expected: 7000 },
    { header: new Date(NOW - 60_000).toUTCString(), expected: 0 },
    { header: undefined, expected: null },
    { header: null, expected: null },
    { header: '', expected: null },
    { header: '-5', expected: null },
    { header: 'soon', expected: null },
  ])('reads $header as $expected ms', ({ header, expected }) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    { retryIndex: 0, ceiling: 500 },
    { retryIndex: 1, ceiling: 1000 },
    { retryIndex: 3, ceiling: 4000 },
    { retryIndex: 4, ceiling: 8000 },
    { retryIndex: 10, ceiling: 8000 },
  ])('stays in [0, $ceiling) for retry $retryIndex', ({ retryIndex, ceiling }) => {
    expect(backoffDelayMs(retryIndex, POLICY, () => 0)).toBe(0);
    expect(backoffDelayMs(retryIndex, POLICY, () => 0.5)).toBe(ceiling / 2);
    const top = backoffDelayMs(retryIndex, POLICY, () => 0.999999);
    expect(top).toBeLessThan(ceiling);
    expect(top).toBeGreaterThanOrEqual(ceiling - 1);
  });

  it('spreads delays over the whole range', () => {
    const delays = Array.from({ length: 1000 }, (_, i) => backoffDelayMs(2, POLICY, () => i / 1000));
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBeGreaterThan(1900);
    expect(Math.max(...delays)).toBeLessThan(2000);
  });
});

describe('retryDelayMs', () => {
  it('honours Retry-After instead of backoff, capped at the maximum', () => {
    expect(retryDelayMs(0, 3000, POLICY, () => 0.9)).toBe(3000);
    expect(retryDelayMs(0, 3_600_000, POLICY, () => 0.9)).toBe(30_000);
    expect(retryDelayMs(1, null, POLICY, () => 0.5)).toBe(500);
  });
});

describe('what is retried', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [408, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [200, false],
  ])('status %d retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    ['FEED_HTTP_RETRYABLE', true],
    ['FEED_TIMEOUT', true],
    ['FEED_HTTP_FATAL', false],
    ['FEED_BAD_RESPONSE', false],
    ['FEED_RESPONSE_TOO_LARGE', false],
  ] as const)('error %s retryable: %s', (code, expected) => {
    expect(isRetryableError(new TailwatchError(code, 'x'))).toBe(expected);
  });

  it('does not retry unknown errors', () => {
    expect(isRetryableError(new Error('boom'))).toBe(false);
  });
});
