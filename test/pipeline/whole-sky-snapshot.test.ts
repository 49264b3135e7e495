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

const NOW = Date.UTC(2025, 9, 29, 14, 0);

function row(hex: string, lat: number, lon: number, t = 'B738') {
  return {
    hex,
    type: 'adsb_icao',
    lat,
    lon,
    alt_baro: 30000,
    gs: 430,
    track: 90,
    seen_pos: 1,
    seen: 1,
    flight: `T${hex}`,
    t,
    messages: 1,
    mlat: [],
    tisb: [],
    rssi: -10,
  };
}

describe('a whole-sky response (no request purpose) through the pipeline', () => {
  it(
    'stores listed and watched-type aircraft anywhere, other traffic only near a watched airport, ' +
      'and counts the rest as unwatched',
    async () => {
      await sql`INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
      VALUES ('a1b2c3', 'RA-00001', 'B738', 'Test Air', 'test', 'csv') ON CONFLICT (hex) DO NOTHING`.execute(
        database.db,
      );
      const config = testConfig(database.url, {
        watch: { airports: ['MUHA'] },
        feeds: { pointRadiusNm: 100, watchTypes: ['IL76'] },
      });
      const processor = new SnapshotProcessor(database.db, config, silentLogger);
      const body = {
        now: NOW,
        ac: [
          row('a1b2c3', 55.75, 37.62), // listed, over Moscow
          row('c0ffee', 48.35, 11.79, 'IL76'), // watched type, over Munich
          row('0a0a0a', 23.2, -82.0), // unlisted, about 48 km from Havana (MUHA)
          row('0b0b0b', 25.0, -82.4), // unlisted, about 224 km north of MUHA: outside 100 nm (185 km)
          row('0c0c0c', -33.9, 151.2), // unlisted, over Sydney
        ],
      };
      const outcome = await processor.process({
        mode: 'poll',
        responses: [{ provider: 'api.test', path: null, purpose: null, body }],
        requests: 1,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      });
      expect(outcome.status).toBe('ok');
      expect(outcome.positionsStored).toBe(3);
      const stored = await database.db.selectFrom('positions').select(['hex', 'matched_by']).orderBy('hex').execute();
      expect(stored).toEqual([
        { hex: '0a0a0a', matched_by: 'area' },
        { hex: 'a1b2c3', matched_by: 'watchlist' },
        { hex: 'c0ffee', matched_by: 'type' },
      ]);
      const cycle = await database.db
        .selectFrom('poll_cycles')
        .select(['dropped', 'sightings', 'positions_stored'])
        .where('id', '=', outcome.cycleId!)
        .executeTakeFirstOrThrow();
      expect(cycle).toMatchObject({ dropped: { unwatched: 2 }, sightings: 3, positions_stored: 3 });
      expect(outcome.dropped).toEqual({ unwatched: 2 });
    },
  );
});
