import { type Kysely, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/database-schema.js';

/**
 * The advisory lock that makes one worker the poller: two int4 keys ("tw", "poll") so it shows up in
 * pg_locks as classid/objid (objsubid 2). Advisory locks are per database, so workers on other
 * databases of the same server never compete. The lock is held by a session of its own (a dedicated
 * pg client, see worker/leader-election.ts), so the queries on that session take its raw client.
 */
export const LEADER_LOCK_KEYS = [0x7477, 0x706f6c6c] as const;

/** The server process id of a session. */
export async function sessionBackendPid(client: pg.ClientBase): Promise<number | null> {
  const pid = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return pid.rows[0]?.pid ?? null;
}

/** Takes the lock for the session if it is free (or already the session's); true when the session holds it. */
export async function tryTakeLeaderLock(client: pg.ClientBase): Promise<boolean> {
  const [classId, objId] = LEADER_LOCK_KEYS;
  const taken = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [classId, objId]);
  return taken.rows[0]?.held === true;
}

/** True when this session still holds the lock. */
export async function sessionHoldsLeaderLock(client: pg.ClientBase): Promise<boolean> {
  const [classId, objId] = LEADER_LOCK_KEYS;
  const verify = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2
       AND objsubid = 2 AND granted AND pid = pg_backend_pid()) AS held`,
    [classId, objId],
  );
  return verify.rows[0]?.held === true;
}

/** True when the server process `pid` holds the lock (checked from any connection, e.g. in a transaction). */
export async function leaderLockHeldBy(trx: Transaction<Database>, pid: number): Promise<boolean> {
  const [classId, objId] = LEADER_LOCK_KEYS;
  const result = await sql<{ held: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ${classId} AND objid = ${objId}
      AND objsubid = 2 AND granted AND pid = ${pid}) AS held`.execute(trx);
  return result.rows[0]?.held === true;
}

/** The session holding the lock in this database, if any: who leads, since when. */
export async function leaderLockHolder(
  db: Kysely<Database>,
): Promise<{ application_name: string; pid: number; backend_start: Date } | undefined> {
  const [classId, objId] = LEADER_LOCK_KEYS;
  const result = await sql<{ application_name: string; pid: number; backend_start: Date }>`
    SELECT a.application_name, a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.classid = ${classId} AND l.objid = ${objId} AND l.objsubid = 2 AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    LIMIT 1`.execute(db);
  return result.rows[0];
}
