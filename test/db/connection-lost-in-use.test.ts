import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKysely, poolOf } from '../../src/db/create-kysely.js';
import { createLogger } from '../../src/log/create-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { backendGone } from '../support/backend-gone.js';

// pg-pool listens for errors only on idle clients. A client checked out between two queries
// (inside a transaction, or between a result and its release) that receives the server's FATAL
// used to raise an unhandled 'error' event: CI saw it as an uncaught 57P01 when the server stopped.

let database: TestDatabase;
const WARN = 40; // pino's level number

type LogLine = Record<string, unknown> & { err?: { code?: string } };

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await database?.drop();
});

/** A one-connection Kysely whose warnings are collected in `lines`. */
function loggedDb(): {
  db: ReturnType<typeof createKysely>;
  warnings: () => LogLine[];
  /** Waits (at most 5 s) for the warning about a connection the server closed (57P01) and returns it. */
  warned: () => Promise<LogLine>;
} {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'warn',
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const warnings = () => lines.filter((l) => l.level === WARN);
  const warned = () =>
    vi.waitFor(
      () => {
        const warning = warnings().find((l) => l.err?.code === '57P01');
        if (!warning) throw new Error(`no warning with code 57P01 yet: ${JSON.stringify(lines)}`);
        return warning;
      },
      { timeout: 5000, interval: 10 },
    );
  return { db: createKysely({ url: database.url, poolSize: 1, logger }), warnings, warned };
}

describe('a connection that fails while checked out of the pool', () => {
  it('is logged, not thrown; the query on it fails with the server error; the pool replaces it', async () => {
    const { db, warned } = loggedDb();
    try {
      const client = await poolOf(db)!.connect();
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // Checked out and idle, as between two statements of a transaction.
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await backendGone(database.db, pid);
      await warned();
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
    const { db, warnings, warned } = loggedDb();
    try {
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await backendGone(database.db, pid);
      await warned();
      const next = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      expect(next.rows[0]!.pid).not.toBe(pid);
      // A second report (by the pool's own listener) would have come with the first, before this new
      // connection's round trip: one warning, for the one connection.
      expect(warnings().map((l) => l.err?.code)).toEqual(['57P01']);
    } finally {
      await db.destroy();
    }
  });
});
