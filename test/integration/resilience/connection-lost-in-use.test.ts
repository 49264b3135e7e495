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

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await database?.drop();
});

describe('a connection that fails while checked out of the pool', () => {
  it('is logged, not thrown; the query on it fails with the server error; the pool replaces it', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'warn', format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const db = createKysely({ url: database.url, poolSize: 1, logger });
    try {
      const client = await poolOf(db)!.connect();
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // Checked out and idle, as between two statements of a transaction.
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await backendGone(database.db, pid);
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => l.msg === 'database connection failed while in use; the pool drops it on release') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const warning = lines.find((l) => l.msg === 'database connection failed while in use; the pool drops it on release');
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
});
