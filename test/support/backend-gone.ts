import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database-schema.js';

/**
 * Waits (at most 10 s) until a backend that pg_terminate_backend signalled has exited: terminate only
 * signals it, and a loaded machine can take a while.
 */
export async function backendGone(db: Kysely<Database>, pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const alive = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${pid}`.execute(
      db,
    );
    if (alive.rows[0]?.n === 0) return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} still running 10 s after pg_terminate_backend`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
