import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely } from '../../src/db/create-kysely.js';
import { migrateToLatest } from '../../src/db/run-migrations.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('migrations on an empty database', () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await empty.drop();
  });

  it('creates the documented tables, and a second run applies nothing', async () => {
    const applied = await migrateToLatest(empty.db);
    expect(applied.length).toBeGreaterThan(0);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(
      empty.db,
    );
    const names = tables.rows.map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(['airframes', 'airframe_changes', 'airports', 'app_meta']));
    expect(await migrateToLatest(empty.db)).toEqual([]);
  });

  it('two processes migrating at once do not collide', async () => {
    const other = await createTestDatabase({ empty: true });
    const a = createKysely({ url: other.url, poolSize: 2 });
    const b = createKysely({ url: other.url, poolSize: 2 });
    try {
      const [first, second] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      // Exactly one of them applied each migration; the other found nothing to do.
      expect([...first, ...second].sort()).toEqual([...new Set([...first, ...second])].sort());
      expect(first.length + second.length).toBeGreaterThan(0);
      expect(Math.min(first.length, second.length)).toBe(0);
    } finally {
      await a.destroy();
      await b.destroy();
      await other.drop();
    }
  });
});
