import { ERROR_CODES } from '../errors/error-codes.js';
import { isTailwatchError } from '../errors/tailwatch-error.js';
import { backoffMs, type Backoff } from '../shared/backoff.js';
import type { Random } from './timers.js';

export interface RetryPolicy {
  /** First backoff ceiling; doubles with each retry. */
  baseDelayMs: number;
  /** Ceiling of the exponential backoff. */
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this; a longer one is cut to it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/**
 * "Full jitter" exponential backoff (shared/backoff.ts): a uniform delay in
 * [0, min(max, base * 2^retryIndex)), rounded down. Spreads retries of many callers better than equal
 * jitter. retryIndex 0 is the wait before the first retry.
 */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: Random): number {
  const backoff: Backoff = {
    initialMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: { from: 0, width: 1 },
    rounding: 'down',
  };
  return backoffMs(retryIndex, backoff, random());
}

/**
 * Parses a Retry-After header: delay-seconds ("120", decimals tolerated) or an HTTP date, relative to
 * `nowMs`. Returns milliseconds (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return null; // "-5" and other numbers are not dates
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

/** The wait before retry number `retryIndex`: the server's Retry-After (capped) when it sent one, else backoff. */
export function retryDelayMs(
  retryIndex: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: Random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(retryIndex, policy, random);
}

/**
 * Statuses worth retrying on the same provider: 408, 425, 429 and 5xx, except 501 Not Implemented and
 * 505 HTTP Version Not Supported, which will not change on a retry.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** The error table decides: only codes whose action is 'retry' are retried on the same provider. */
export function isRetryableError(error: unknown): boolean {
  return isTailwatchError(error) && ERROR_CODES[error.code].action === 'retry';
}
