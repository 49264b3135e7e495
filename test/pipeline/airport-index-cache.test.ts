import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirportIndexCache } from '../../src/pipeline/airport-index-cache.js';
import { upsertAirports } from '../../src/store/airports-repository.js';
import { replaceRunways } from '../../src/store/runways-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testAirport, testRunway } from '../support/test-runways.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('the airport index a worker keeps', () => {
  it('is rebuilt after an import or a runways load, and kept while nothing changed', async () => {
    const cache = new AirportIndexCache();
    const first = await cache.get(database.db);
    expect(first.get('MNLN')).toBeDefined(); // the default airports
    expect(await cache.get(database.db)).toBe(first);

    const field = testAirport('XNEW', 'small_airport', { lat: -40, lon: -100 }, 10);
    await upsertAirports(database.db, [field], 'ourairports');
    const second = await cache.get(database.db);
    expect(second).not.toBe(first);
    expect(second.get('XNEW')).toMatchObject({ ident: 'XNEW' });

    await upsertAirports(database.db, [field], 'ourairports'); // unchanged: no rebuild
    expect(await cache.get(database.db)).toBe(second);

    await replaceRunways(database.db, [testRunway('XNEW', '09', '27', field, 90, 1_500)], 'test');
    const third = await cache.get(database.db);
    expect(third).not.toBe(second);
    expect(third.runwaysOf('XNEW').map((r) => r.le.ident)).toEqual(['09']);
  });
});
