import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { silentLogger } from '../support/silent-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A response is trusted for what it was asked, not for every row it carries. A /hex answer that also
 * carries an unrequested, unlisted aircraft squawking 7700 neither stores it as 'watchlist' nor mails
 * about it; a /type answer counts only rows of that type; a /point answer keeps rows only inside its circle.
 */

const LISTED = '1533ad';
const STRANGER = '4b1f00'; // unlisted, not requested, a B738 squawking 7700 over the Atlantic
const T0 = Date.UTC(2025, 9, 29, 14, 0);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('airframes')
    .values({ hex: LISTED, registration: 'RA-78765', type_code: 'IL76', operator: null, reason: 't', source: 't' })
    .execute();
});
afterAll(async () => {
  await database.drop();
});

function row(hex: string, lat: number, lon: number, extra: Record<string, unknown> = {}) {
  return { hex, lat, lon, alt_baro: 33000, gs: 430, track: 90, seen_pos: 1, seen: 0.5, t: 'IL76', ...extra };
}

describe('purpose is checked against content', () => {
  it('keeps and alerts on what each request asked for, and nothing it did not', async () => {
    const config = testConfig(database.url, { watch: { airports: ['MUHA'] } });
    const processor = new SnapshotProcessor(
      database.db,
      config,
      silentLogger,
      createAlertHooks({ config, logger: silentLogger, delivery: null }),
    );
    const offPurpose: number[] = [];
    for (let i = 0; i < 8; i++) {
      const now = T0 + i * 60_000;
      const lon = -70 + i * 0.1;
      const outcome = await processor.process({
        mode: 'poll',
        responses: [
          {
            provider: 'adsb.lol',
            path: `/hex/${LISTED}`,
            purpose: 'watchlist',
            body: {
              now,
              ac: [row(LISTED, 20, lon), row(STRANGER, 30, -40 + i * 0.1, { t: 'B738', squawk: '7700' })],
            },
          },
          {
            provider: 'adsb.lol',
            path: '/type/IL76',
            purpose: 'type',
            body: { now, ac: [row(LISTED, 20, lon), row('4b1f01', 31, -41 + i * 0.1, { t: 'B738' })] },
          },
          {
            provider: 'adsb.lol',
            path: '/point/22.989/-82.409/250',
            purpose: 'area',
            body: { now, ac: [row('0b0001', 23.2, -82.0, { t: 'A320' }), row('0b0002', 55.75, 37.62, { t: 'A320' })] },
          },
        ],
        requests: 3,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      });
      offPurpose.push(outcome.dropped.off_purpose ?? 0);
    }
    const stored = await database.db
      .selectFrom('positions')
      .select(['hex', 'matched_by'])
      .distinct()
      .orderBy('hex')
      .execute();
    expect(stored).toEqual([
      { hex: '0b0001', matched_by: 'area' },
      { hex: LISTED, matched_by: 'watchlist' },
    ]);
    const alerts = await database.db.selectFrom('alerts').select(['hex', 'rule']).execute();
    expect(alerts.filter((alert) => alert.hex !== LISTED)).toEqual([]);
    // Counted in poll_cycles.dropped: the stranger, the B738 of the /type answer, the point in Moscow.
    expect(offPurpose).toEqual(Array(8).fill(3));
  });

  it('tracks at most feeds.maxTypeAircraftPerCycle aircraft for their type alone, never a listed one', async () => {
    const config = testConfig(database.url, { feeds: { maxTypeAircraftPerCycle: 50 } });
    const processor = new SnapshotProcessor(database.db, config, silentLogger);
    const now = T0 + 3_600_000;
    const strangers = Array.from({ length: 200 }, (_, i) => row((0xc00000 + i).toString(16), 10 + i * 0.01, 20));
    const outcome = await processor.process({
      mode: 'poll',
      responses: [
        // The listed aircraft comes last: the cap must not crowd it out.
        {
          provider: 'adsb.lol',
          path: '/type/IL76',
          purpose: 'type',
          body: { now, ac: [...strangers, row(LISTED, 21, -69)] },
        },
      ],
      requests: 1,
      errors: [],
      startedAtMs: Date.now(),
      fetchMs: null,
    });
    expect(outcome.dropped.over_type_cap).toBe(150);
    const tracked = await database.db
      .selectFrom('positions')
      .select(({ fn }) => fn.count<string>('hex').distinct().as('n'))
      .where('observed_at', '>=', new Date(now - 60_000))
      .where('matched_by', '=', 'type')
      .executeTakeFirstOrThrow();
    expect(Number(tracked.n)).toBe(50);
    const listed = await database.db
      .selectFrom('positions')
      .select('hex')
      .where('hex', '=', LISTED)
      .where('observed_at', '>=', new Date(now - 60_000))
      .execute();
    expect(listed).toHaveLength(1);
  });
});
