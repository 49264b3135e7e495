import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function addAirframes(hexes: readonly string[]): Promise<void> {
  await sql`INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
    SELECT h, 'T-' || h, 'IL76', 'Test Air', 'test', 'csv' FROM unnest(${hexes}::text[]) AS t(h)`.execute(database.db);
}

describe('the cycle reads the watchlist again only when it changed', () => {
  it('keeps the list it has while nothing changed, and sees adds, removals, plain-SQL edits and TRUNCATE', async () => {
    const processor = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
    await sql`TRUNCATE airframes, airframe_changes`.execute(database.db);
    await addAirframes(['a00001', 'a00002']);
    const first = await processor.currentWatchlist();
    expect([...first.set].sort()).toEqual(['a00001', 'a00002']);
    expect(await processor.currentWatchlist()).toBe(first); // unchanged: the cached list, not a re-read

    await addAirframes(['a00003']);
    expect([...(await processor.currentWatchlist()).set].sort()).toEqual(['a00001', 'a00002', 'a00003']);

    await sql`UPDATE airframes SET active = false WHERE hex = 'a00001'`.execute(database.db);
    expect([...(await processor.currentWatchlist()).set].sort()).toEqual(['a00002', 'a00003']);

    await sql`DELETE FROM airframes WHERE hex = 'a00002'`.execute(database.db);
    expect([...(await processor.currentWatchlist()).set]).toEqual(['a00003']);

    // TRUNCATE fires no row trigger, so airframe_changes says nothing; the table's new file node does.
    await sql`TRUNCATE airframes`.execute(database.db);
    expect((await processor.currentWatchlist()).set.size).toBe(0);
    await addAirframes(['a00004']);
    expect([...(await processor.currentWatchlist()).set]).toEqual(['a00004']);
  });
});
