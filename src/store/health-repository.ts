import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database-schema.js';

/**
 * The figures `tailwatch status` reads: the last poll cycles, the feed error rate, the outbox. Ages are
 * computed by the database, on its clock.
 */

export interface PollCycleAgeRow {
  id: string;
  status: string;
  finished_at: Date;
  /** Seconds since it finished. */
  age: number;
  data_time: Date | null;
}

/** The database's clock. */
export async function databaseNow(db: Kysely<Database>): Promise<Date> {
  return (await sql<{ now: Date }>`SELECT now() AS now`.execute(db)).rows[0]!.now;
}

/** The newest live poll cycle (replays left out); with `succeeded`, the newest that did not fail. */
export async function lastPollCycle(
  db: Kysely<Database>,
  options: { succeeded: boolean },
): Promise<PollCycleAgeRow | null> {
  const where = options.succeeded ? sql`status <> 'failed'` : sql`true`;
  return (
    (
      await sql<PollCycleAgeRow>`
        SELECT id::text, status, finished_at, extract(epoch FROM now() - finished_at)::float8 AS age, data_time
        FROM poll_cycles WHERE mode = 'poll' AND ${where} ORDER BY id DESC LIMIT 1`.execute(db)
    ).rows[0] ?? null
  );
}

/** Over the last `count` live poll cycles: how many, how many failed, their requests and failed requests. */
export async function recentPollCycleFigures(
  db: Kysely<Database>,
  count: number,
): Promise<{ count: number; failed: number; requests: number; failed_requests: number }> {
  return (
    await sql<{ count: number; failed: number; requests: number; failed_requests: number }>`
      SELECT count(*)::int AS count, count(*) FILTER (WHERE status = 'failed')::int AS failed,
             coalesce(sum(requests), 0)::int AS requests, coalesce(sum(failed_requests), 0)::int AS failed_requests
      FROM (SELECT status, requests, failed_requests FROM poll_cycles WHERE mode = 'poll' ORDER BY id DESC
            LIMIT ${count}) r`.execute(db)
  ).rows[0]!;
}

/** The alert outbox: pending alerts, those of them due now, failed ones. */
export async function outboxFigures(db: Kysely<Database>): Promise<{ pending: number; due: number; failed: number }> {
  return (
    await sql<{ pending: number; due: number; failed: number }>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))::int
               AS due,
             count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM alerts`.execute(db)
  ).rows[0]!;
}

/** The oldest pending alert, with its age in seconds. */
export async function oldestPendingAlert(
  db: Kysely<Database>,
): Promise<{ id: string; created_at: Date; age: number; last_error: string | null } | undefined> {
  return (
    await sql<{ id: string; created_at: Date; age: number; last_error: string | null }>`
      SELECT id::text, created_at, extract(epoch FROM now() - created_at)::float8 AS age, last_error
      FROM alerts WHERE status = 'pending' ORDER BY created_at, id LIMIT 1`.execute(db)
  ).rows[0];
}
