import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollCycle, type PollCycle } from '../../src/pipeline/poll-cycle.js';
import { listPositionPartitions } from '../../src/store/position-partitions-repository.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import type { WorldAircraft } from '../support/feed-world.js';
import { silentLogger } from '../support/silent-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A live poll holds each response's `now` to this machine's clock (injected here, so that the fake
 * world is "the present"): a response far ahead or far behind is rejected and counted in the cycle's
 * errors, and one a little ahead is used but cannot move the cycle's clock past the machine's, so no
 * silence timeout fires on the strength of it.
 */

const HEX = '15b0d1';
const T = Date.UTC(2025, 9, 28, 12, 0, 0);
const MIN = 60_000;
let database: TestDatabase;
let server: FeedServer;
let cycle: PollCycle;
let clockMs = T;

const airborne = (lon: number): WorldAircraft => ({
  hex: HEX,
  lat: 20,
  lon,
  alt: 33000,
  gs: 430,
  track: 90,
  flight: 'AZS8765',
  t: 'IL76',
});

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startFeedServer();
  await database.db
    .insertInto('airframes')
    .values({ hex: HEX, registration: 'RA-78765', type_code: 'IL76', operator: null, reason: 'test', source: 'test' })
    .execute();
  const config = testConfig(database.url, {
    feeds: { urls: [server.url], maxClockLagSeconds: 900 },
    watch: { airports: [] },
  });
  const { client } = feedClientFor([server], { requestsPerSecond: 1000 });
  cycle = createPollCycle({ db: database.db, config, logger: silentLogger, feedClient: client, clock: () => clockMs });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

async function pollAt(clock: number, worldNow: number, aircraft: WorldAircraft[]) {
  clockMs = clock;
  server.world.set({ nowMs: worldNow, aircraft });
  return cycle();
}

async function stored() {
  const result = await sql<{ future: number; newest: Date | null; gaps: number; cycles: number }>`
    SELECT (SELECT count(*)::int FROM positions WHERE observed_at > ${new Date(T + 60 * MIN)}) AS future,
           (SELECT max(observed_at) FROM positions) AS newest,
           (SELECT count(*)::int FROM transponder_gaps) AS gaps,
           (SELECT count(*)::int FROM poll_cycles WHERE data_time > ${new Date(T + 60 * MIN)}) AS cycles`.execute(
    database.db,
  );
  return result.rows[0]!;
}

describe('a live poll bounds the data time by the machine clock', () => {
  it('a response stamped in 2099 is rejected and counted; nothing is stored in 2099', async () => {
    const first = await pollAt(T, T, [airborne(-70)]);
    expect(first.status).toBe('ok');
    const hostile = await pollAt(T + MIN, Date.UTC(2099, 0, 1), [airborne(-69.9)]);
    expect(hostile.status).toBe('failed');
    const row = await database.db
      .selectFrom('poll_cycles')
      .select(['errors', 'failed_requests', 'data_time'])
      .where('id', '=', hostile.cycleId!)
      .executeTakeFirstOrThrow();
    expect(row.data_time).toBeNull();
    expect(row.failed_requests).toBeGreaterThan(0);
    expect(row.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FEED_CLOCK_SKEW' })]));
    expect(await stored()).toMatchObject({ future: 0, gaps: 0, cycles: 0 });
    const partitions = await listPositionPartitions(database.db);
    expect(partitions.filter((name) => name.startsWith('positions_y2099'))).toEqual([]);
  });

  it('a response 20 minutes behind the clock is rejected (feeds.maxClockLagSeconds 900)', async () => {
    const outcome = await pollAt(T + 2 * MIN, T + 2 * MIN - 20 * MIN, [airborne(-69.8)]);
    expect(outcome.status).toBe('failed');
    expect(outcome.positionsStored).toBe(0);
  });

  it('a response 4.5 minutes ahead is used, but opens no gap that the clock does not confirm', async () => {
    // Last heard at T. A silent answer stamped T + 7.5 min (4.5 min ahead of a clock at T + 3 min) would
    // open a gap (5 min of silence + 1 min grace) if it could move the cycle's clock on its own.
    const outcome = await pollAt(T + 3 * MIN, T + 7.5 * MIN, []);
    expect(outcome.status).toBe('ok');
    expect(outcome.dataTime).toBe(T + 3 * MIN);
    expect((await stored()).gaps).toBe(0);
    // Once the clock itself has moved on, the same silence does open the gap.
    await pollAt(T + 8 * MIN, T + 8 * MIN, []);
    expect((await stored()).gaps).toBe(1);
  });
});
