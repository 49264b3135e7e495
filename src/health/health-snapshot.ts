import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { LEADER_LOCK_KEYS } from '../worker/leader-election.js';

/** What `tailwatch status` reads from the database; ages come from the database's clock. */
export interface HealthSnapshot {
  /** The database's clock when read (ISO). */
  checkedAt: string;
  lastCycle: { id: string; status: string; finishedAt: string; ageSeconds: number } | null;
  lastSuccessfulCycle: {
    id: string;
    status: string;
    finishedAt: string;
    ageSeconds: number;
    dataTime: string | null;
  } | null;
  recentCycles: { count: number; failed: number; requests: number; failedRequests: number };
  outbox: {
    pending: number;
    due: number;
    failed: number;
    oldestPending: { id: string; createdAt: string; ageSeconds: number; lastError: string | null } | null;
  };
  /** Who holds the poll leadership (the worker's advisory lock), if anyone. */
  leader: { applicationName: string; backendPid: number; since: string } | null;
}

interface CycleRow {
  id: string;
  status: string;
  finished_at: Date;
  age: number;
  data_time: Date | null;
}

const iso = (value: Date) => value.toISOString();

/** Reads the health figures: the last poll cycles, the feed error rate over the last `recentCycles`, the outbox, the leader. */
export async function readHealthSnapshot(
  db: Kysely<Database>,
  options: { recentCycles: number },
): Promise<HealthSnapshot> {
  const now = (await sql<{ now: Date }>`SELECT now() AS now`.execute(db)).rows[0]!.now;
  const cycle = async (where: ReturnType<typeof sql>) =>
    (
      await sql<CycleRow>`
        SELECT id::text, status, finished_at, extract(epoch FROM now() - finished_at)::float8 AS age, data_time
        FROM poll_cycles WHERE mode = 'poll' AND ${where} ORDER BY id DESC LIMIT 1`.execute(db)
    ).rows[0] ?? null;
  const last = await cycle(sql`true`);
  const success = await cycle(sql`status <> 'failed'`);
  const recent = (
    await sql<{ count: number; failed: number; requests: number; failed_requests: number }>`
      SELECT count(*)::int AS count, count(*) FILTER (WHERE status = 'failed')::int AS failed,
             coalesce(sum(requests), 0)::int AS requests, coalesce(sum(failed_requests), 0)::int AS failed_requests
      FROM (SELECT status, requests, failed_requests FROM poll_cycles WHERE mode = 'poll' ORDER BY id DESC LIMIT ${options.recentCycles}) r`.execute(
      db,
    )
  ).rows[0]!;
  const outbox = (
    await sql<{ pending: number; due: number; failed: number }>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))::int AS due,
             count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM alerts`.execute(db)
  ).rows[0]!;
  const oldest = (
    await sql<{ id: string; created_at: Date; age: number; last_error: string | null }>`
      SELECT id::text, created_at, extract(epoch FROM now() - created_at)::float8 AS age, last_error
      FROM alerts WHERE status = 'pending' ORDER BY created_at, id LIMIT 1`.execute(db)
  ).rows[0];
  const [classId, objId] = LEADER_LOCK_KEYS;
  const leader = (
    await sql<{ application_name: string; pid: number; backend_start: Date }>`
      SELECT a.application_name, a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = ${classId} AND l.objid = ${objId} AND l.objsubid = 2 AND l.granted
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`.execute(db)
  ).rows[0];
  const cycleOut = (row: CycleRow) => ({
    id: row.id,
    status: row.status,
    finishedAt: iso(row.finished_at),
    ageSeconds: Math.max(0, Math.round(row.age)),
  });
  return {
    checkedAt: iso(now),
    lastCycle: last ? cycleOut(last) : null,
    lastSuccessfulCycle: success
      ? { ...cycleOut(success), dataTime: success.data_time ? iso(success.data_time) : null }
      : null,
    recentCycles: {
      count: recent.count,
      failed: recent.failed,
      requests: recent.requests,
      failedRequests: recent.failed_requests,
    },
    outbox: {
      pending: outbox.pending,
      due: outbox.due,
      failed: outbox.failed,
      oldestPending: oldest
        ? {
            id: oldest.id,
            createdAt: iso(oldest.created_at),
            ageSeconds: Math.max(0, Math.round(oldest.age)),
            lastError: oldest.last_error,
          }
        : null,
    },
    leader: leader
      ? { applicationName: leader.application_name, backendPid: leader.pid, since: iso(leader.backend_start) }
      : null,
  };
}
