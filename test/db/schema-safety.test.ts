import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAnalystLogin } from '../../src/db/analyst-login.js';
import { migrateToLatest } from '../../src/db/run-migrations.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

/**
 * Schema safety: on a server that still lets PUBLIC create objects in `public` (PostgreSQL 14 and
 * older; granted here by hand on a newer one), the migrations take that away, every function of ours
 * pins its search_path, and analysts' sessions carry a statement and idle-in-transaction timeout.
 */

let database: TestDatabase;
const login = `tw_safety_reader_${process.pid}`;
const password = 'readonlyTestPassword2';

async function asAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  // The PostgreSQL 14 default: everyone may create objects in public.
  await asAdmin(database.url, (client) => client.query('GRANT CREATE ON SCHEMA public TO PUBLIC'));
  await migrateToLatest(database.db);
});
afterAll(async () => {
  await database.drop();
  await asAdmin(serverUrl(), (client) => client.query(`DROP ROLE IF EXISTS ${login}`));
});

describe('schema safety after migrate', () => {
  it("the analysts' role has no CREATE on public, nor has PUBLIC", async () => {
    const result = await sql<{ analyst: boolean; everyone: boolean }>`
      SELECT has_schema_privilege('tailwatch_analyst', 'public', 'CREATE') AS analyst,
             EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a
                     WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') AS everyone`.execute(
      database.db,
    );
    expect(result.rows[0]).toEqual({ analyst: false, everyone: false });
  });

  it('every function in the schema pins its search_path, or has a body bound at creation (RETURN ...)', async () => {
    const result = await sql<{ name: string; config: string[] | null; bound: boolean }>`
      SELECT p.oid::regprocedure::text AS name, p.proconfig AS config, p.prosqlbody IS NOT NULL AS bound
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' ORDER BY 1`.execute(database.db);
    expect(result.rows.length).toBeGreaterThanOrEqual(2);
    for (const row of result.rows) {
      const pinned = row.bound || (row.config ?? []).some((c) => c.startsWith('search_path=pg_catalog'));
      expect({ name: row.name, pinned }).toEqual({ name: row.name, pinned: true });
    }
  });

  it('distance_km is still inlined by the planner (a constant call folds to its value)', async () => {
    const plan = await sql<Record<string, string>>`EXPLAIN VERBOSE SELECT distance_km(0, 0, 0, 1)`.execute(database.db);
    expect(plan.rows.map((row) => Object.values(row).join('')).join('\n')).toContain('111.19');
  });

  it("analysts' sessions carry a statement_timeout and an idle_in_transaction_session_timeout", async () => {
    const role = await sql<{ config: string[] | null }>`
      SELECT rolconfig AS config FROM pg_roles WHERE rolname = 'tailwatch_analyst'`.execute(database.db);
    expect(role.rows[0]?.config).toEqual(
      expect.arrayContaining(['statement_timeout=5min', 'idle_in_transaction_session_timeout=2min']),
    );
    expect(await ensureAnalystLogin(database.db, login, password)).toBe(true);
    const url = new URL(database.url);
    url.username = login;
    url.password = password;
    const settings = await asAdmin(url.toString(), async (client) => {
      const statement = await client.query<{ statement_timeout: string }>('SHOW statement_timeout');
      const idle = await client.query<{ idle_in_transaction_session_timeout: string }>(
        'SHOW idle_in_transaction_session_timeout',
      );
      return [statement.rows[0]?.statement_timeout, idle.rows[0]?.idle_in_transaction_session_timeout];
    });
    expect(settings).toEqual(['5min', '2min']);
  });

  it('the audit trigger still records edits', async () => {
    await database.db
      .insertInto('airframes')
      .values({
        hex: '1533ad',
        registration: 'RA-78765',
        type_code: 'IL76',
        operator: null,
        reason: null,
        source: 'test',
      })
      .execute();
    const changes = await database.db.selectFrom('airframe_changes').select(['hex', 'action']).execute();
    expect(changes).toEqual([{ hex: '1533ad', action: 'add' }]);
  });
});
