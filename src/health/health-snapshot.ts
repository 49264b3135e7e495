import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import {
  databaseNow,
  lastPollCycle,
  oldestPendingAlert,
  outboxFigures,
  type PollCycleAgeRow,
  recentPollCycleFigures,
} from '../store/health-repository.js';
import { leaderLockHolder } from '../store/leader-lock-repository.js';

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

const iso = (value: Date) => value.toISOString();

/**
 * Reads the health figures: the last poll cycles, the feed error rate over the last `recentCycles`, the outbox,
 * the leader.
 */
export async function readHealthSnapshot(
  db: Kysely<Database>,
  options: { recentCycles: number },
): Promise<HealthSnapshot> {
  const now = await databaseNow(db);
  const last = await lastPollCycle(db, { succeeded: false });
  const success = await lastPollCycle(db, { succeeded: true });
  const recent = await recentPollCycleFigures(db, options.recentCycles);
  const outbox = await outboxFigures(db);
  const oldest = await oldestPendingAlert(db);
  const leader = await leaderLockHolder(db);
  const cycleOut = (row: PollCycleAgeRow) => ({
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
