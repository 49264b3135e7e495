/**
 * One table of error codes. The action decides what the caller does next:
 * - retry: transient (network, rate limit, database restarting); try again with backoff.
 * - skip: this one input is bad; drop it, count it, and go on with the rest.
 * - fail: the process cannot go on as configured; stop with the exit code.
 */
export type ErrorAction = 'retry' | 'skip' | 'fail';

export const ERROR_CODES = {
  CONFIG_INVALID: { action: 'fail', exitCode: 2 },
  CONFIG_FILE_UNREADABLE: { action: 'fail', exitCode: 2 },
  USAGE: { action: 'fail', exitCode: 2 },
  DB_UNAVAILABLE: { action: 'retry', exitCode: 3 },
  DB_MIGRATION_FAILED: { action: 'fail', exitCode: 3 },
  // A maintenance step (prune) could not get its lock within lock_timeout, after its retries.
  DB_LOCK_TIMEOUT: { action: 'retry', exitCode: 3 },
  EMBEDDED_DB_FAILED: { action: 'fail', exitCode: 3 },
  // A transaction on a raw pg client (for COPY) was asked of a Kysely instance not made by createKysely.
  DB_POOL_UNKNOWN: { action: 'fail', exitCode: 3 },
  INVALID_HEX: { action: 'skip', exitCode: 2 },
  INVALID_ROW: { action: 'skip', exitCode: 2 },
  INPUT_FILE_UNREADABLE: { action: 'fail', exitCode: 2 },
  INPUT_FILE_ENCODING: { action: 'fail', exitCode: 2 },
  // An imported file over a cap that stops the import (watchlist.import.maxRows, maxRecordBytes; shared/csv-limits.ts).
  INPUT_FILE_TOO_LARGE: { action: 'fail', exitCode: 2 },
  NOT_FOUND: { action: 'fail', exitCode: 1 },
  FEED_HTTP_RETRYABLE: { action: 'retry', exitCode: 4 },
  FEED_HTTP_FATAL: { action: 'skip', exitCode: 4 },
  // A provider answered 401/403: access must be granted (airplanes.live since August 2026) or a key fixed.
  // Not retried; its other requests of the cycle are skipped; the other providers go on.
  FEED_ACCESS_DENIED: { action: 'skip', exitCode: 4 },
  FEED_TIMEOUT: { action: 'retry', exitCode: 4 },
  FEED_BAD_RESPONSE: { action: 'skip', exitCode: 4 },
  FEED_RESPONSE_TOO_LARGE: { action: 'skip', exitCode: 4 },
  // A response whose `now` is far from this machine's clock or from the other responses of its poll.
  FEED_CLOCK_SKEW: { action: 'skip', exitCode: 4 },
  FEED_ALL_PROVIDERS_FAILED: { action: 'retry', exitCode: 4 },
  REPLAY_BAD_LINE: { action: 'skip', exitCode: 2 },
  TRACKER_STATE_INVALID: { action: 'fail', exitCode: 3 },
  // Another process kept committing engine state while this one tried to (two replays at once): run again.
  TRACKER_STATE_BUSY: { action: 'retry', exitCode: 3 },
  ALERT_SEND_FAILED: { action: 'retry', exitCode: 1 },
  // The map's coastline data or font is missing from node_modules: the alert goes out without the map.
  MAP_DATA_UNAVAILABLE: { action: 'skip', exitCode: 2 },
  // A worker lost the poll leadership (advisory lock) during a cycle: the cycle rolls back, the leader polls.
  LEADERSHIP_LOST: { action: 'retry', exitCode: 3 },
  // The shipped default airports file (config/airports/) is missing or not in the format this build reads.
  DEFAULT_AIRPORTS_INVALID: { action: 'fail', exitCode: 2 },
} as const satisfies Record<string, { action: ErrorAction; exitCode: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;
