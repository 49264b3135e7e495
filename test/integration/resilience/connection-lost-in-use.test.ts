import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely, poolOf } from '../../../src/db/create-kysely.js';
import { createLogger } from '../../../src/log/create-logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { backendGone } from '../../support/backend-gone.js';

// pg-pool listens for errors only on idle clients. A client checked out between two queries
// (inside a transaction, or between a result and its release) that receives the server's FATAL
// used to raise an unhandled 'error' event: CI saw it as an uncaught 57P01 when the server stopped.

let database: TestDatabase;
const WARNING = 'database connection failed; the pool replaces it';

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await database?.drop();
});

/** A one-connection Kysely whose warnings are collected in `lines`. */
function loggedDb(): {
  db: ReturnType<typeof createKysely>;
  lines: Array<Record<string, unknown>>;
  warned: () => Promise<void>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'warn',
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const warned = async () => {
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.msg === WARNING) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { db: createKysely({ url: database.url, poolSize: 1, logger }), lines, warned };
}

describe('a connection that fails while checked out of the pool', () => {
  it('is logged, not thrown; the query on it fails with the server error; the pool replaces it', async () => {
    const { db, lines, warned } = loggedDb();
    try {
      const client = await poolOf(db)!.connect();
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // Checked out and idle, as between two statements of a transaction.
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await backendGone(database.db, pid);
      await warned();
      const warning = lines.find((l) => l.msg === WARNING);
      expect(warning).toBeDefined();
      expect((warning!.err as { code?: string }).code).toBe('57P01');
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release();

      // The pool (one connection) dropped the dead client: the next query runs on a new one.
      const next = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      expect(next.rows[0]!.pid).not.toBe(pid);
    } finally {
      await db.destroy();
    }
  });

  it('an idle one is logged once, not twice (by the client and again by the pool), and replaced', async () => {
    const { db, lines, warned } = loggedDb();
    try {
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await backendGone(database.db, pid);
      await warned();
      await new Promise((resolve) => setTimeout(resolve, 100)); // room for a second report, if any
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.map((l) => l.msg)).toEqual([WARNING]);
      expect((warnings[0]!.err as { code?: string }).code).toBe('57P01');
      const next = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      expect(next.rows[0]!.pid).not.toBe(pid);
    } finally {
      await db.destroy();
    }
  });
});
