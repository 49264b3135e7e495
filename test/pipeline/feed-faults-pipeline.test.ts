import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import { createPollCycle, type PollCycle } from '../../src/pipeline/poll-cycle.js';
import type { FeedFault } from '../support/feed-faults.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { FeedWorld } from '../support/feed-world.js';
import {
  addFaultAirframe,
  FAULT_HEX,
  faultScenarioSteps,
  faultSettings,
  referenceSummary,
  type StoredSummary,
  summarize,
} from '../support/fault-scenario.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';

/**
 * Feed faults through the real pipeline (feed client, parser, tracking engine, one transaction per
 * cycle, alert outbox) against two fake providers sharing one world. Each fault hits one step of the
 * MUHA -> MUVR scenario; in the end the database must hold exactly what an undisturbed run stores.
 */
let reference: StoredSummary;
let database: TestDatabase;
let a: FeedServer;
let b: FeedServer;
let cycle: PollCycle;
const steps = faultScenarioSteps();

beforeAll(async () => {
  reference = await referenceSummary();
  database = await createTestDatabase();
  await addFaultAirframe(database.db);
  const world = new FeedWorld(steps[0]!.nowMs);
  a = await startFeedServer({ world });
  b = await startFeedServer({ world });
  // Failover: the second provider is asked only for what the first failed to answer (fan-out, the
  // default, is covered by test/pipeline/every-provider-pipeline.test.ts).
  const settings = faultSettings([a.url, b.url]);
  const config = testConfig(database.url, { ...settings, feeds: { ...settings.feeds, mode: 'failover' } });
  const { client } = feedClientFor([a, b], {
    timeoutMs: 500,
    retries: 1,
    requestsPerSecond: 1000,
    maxResponseBytes: 1_000_000,
  });
  cycle = createPollCycle({
    db: database.db,
    config,
    logger: silentLogger,
    feedClient: client,
    hooks: createAlertHooks({ config, logger: silentLogger, delivery: null }),
  });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
});

interface FaultCase {
  name: string;
  onA?: FeedFault;
  onB?: FeedFault;
  /** Of the first provider, only this many requests fail (default: all of them). */
  times?: number;
  status: 'ok' | 'partial' | 'failed';
  /** The second provider answers instead of the first. */
  failsOver: boolean;
}

const CASES: FaultCase[] = [
  { name: 'timeout on the first provider', onA: { kind: 'delay', ms: 1200 }, status: 'ok', failsOver: true },
  {
    name: '429 with Retry-After, once',
    onA: { kind: 'status', status: 429, retryAfter: '2' },
    times: 1,
    status: 'ok',
    failsOver: false,
  },
  { name: 'HTTP 500', onA: { kind: 'status', status: 500 }, status: 'ok', failsOver: true },
  { name: 'HTTP 502', onA: { kind: 'status', status: 502 }, status: 'ok', failsOver: true },
  { name: 'HTTP 503', onA: { kind: 'status', status: 503 }, status: 'ok', failsOver: true },
  { name: 'connection reset', onA: { kind: 'reset' }, status: 'ok', failsOver: true },
  { name: 'truncated JSON', onA: { kind: 'truncated' }, status: 'ok', failsOver: true },
  { name: 'malformed JSON', onA: { kind: 'malformed' }, status: 'ok', failsOver: true },
  { name: 'empty body', onA: { kind: 'empty' }, status: 'ok', failsOver: true },
  { name: 'a 50 MB response', onA: { kind: 'oversized', bytes: 50 * 1024 * 1024 }, status: 'ok', failsOver: true },
  {
    name: 'every provider down',
    onA: { kind: 'status', status: 503 },
    onB: { kind: 'reset' },
    status: 'failed',
    failsOver: false,
  },
];

async function positionsOf(hex: string): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM positions WHERE hex = ${hex}`.execute(database.db))
    .rows[0]!.n;
}

describe('feed faults through the real poll pipeline', () => {
  it(
    'fails over, records what failed, stores nothing bad, ' +
      'recovers at the next cycle, and loses or doubles nothing',
    async () => {
      let index = 0;
      for (const fault of CASES) {
        const step = steps[index]!;
        a.world.set(step);
        a.clearFaults();
        b.clearFaults();
        if (fault.onA) a.inject({ fault: fault.onA, ...(fault.times ? { times: fault.times } : {}) });
        if (fault.onB) b.inject(fault.onB);
        const bBefore = b.requests.length;
        const positionsBefore = await positionsOf(FAULT_HEX);
        const outcome = await cycle();
        const row = await database.db
          .selectFrom('poll_cycles')
          .selectAll()
          .where('id', '=', outcome.cycleId!)
          .executeTakeFirstOrThrow();
        expect([fault.name, row.status]).toEqual([fault.name, fault.status]);
        expect([fault.name, b.requests.length > bBefore]).toEqual([
          fault.name,
          fault.failsOver || fault.onB !== undefined,
        ]);
        const listed = step.aircraft.some((ac) => ac.hex === FAULT_HEX);
        if (fault.status === 'failed') {
          // Nothing known, nothing stored, nothing inferred; the errors say what failed.
          expect(row.errors).toEqual(
            expect.arrayContaining([expect.objectContaining({ code: 'FEED_ALL_PROVIDERS_FAILED' })]),
          );
          expect(row.positions_stored).toBe(0);
          expect(await positionsOf(FAULT_HEX)).toBe(positionsBefore);
          a.clearFaults();
          b.clearFaults();
          const recovered = await cycle(); // the next cycle, on the same data
          expect(recovered.status).toBe('ok');
        }
        expect([fault.name, await positionsOf(FAULT_HEX)]).toEqual([fault.name, positionsBefore + (listed ? 1 : 0)]);
        index += 1;
      }
      a.clearFaults();
      b.clearFaults();
      for (const step of steps.slice(index)) {
        a.world.set(step);
        expect((await cycle()).status).toBe('ok');
      }
      expect(await summarize(database.db)).toEqual(reference);
    },
    120_000,
  );

  it('rows with wrong field types: the fields are nulled or the row dropped, never stored as given', async () => {
    a.clearFaults();
    b.clearFaults();
    const last = steps.at(-1)!;
    a.world.set({
      nowMs: last.nowMs + 600_000,
      aircraft: [{ hex: 'abc001', lat: 23.0, lon: -82.0, alt: 12000, gs: 300, track: 90, flight: 'TEST1', t: 'IL76' }],
    });
    a.inject({ kind: 'wrong-types' });
    const outcome = await cycle();
    expect(outcome.status).toBe('ok');
    const stored = await database.db
      .selectFrom('positions')
      .select(['alt_baro_ft', 'ground_speed_kt', 'track_deg', 'callsign', 'squawk'])
      .where('hex', '=', 'abc001')
      .execute();
    expect(stored).toHaveLength(1);
    for (const row of stored) {
      expect(row.alt_baro_ft).toBeNull();
      expect(row.ground_speed_kt).toBeNull();
      expect(row.track_deg).toBeNull();
      expect(row.callsign).toBeNull();
    }
  });
});

describe('hostile strings from the feed', () => {
  it('a callsign with quotes, HTML and CRLF is stored verbatim (parameterised SQL), never interpreted', async () => {
    a.clearFaults();
    b.clearFaults();
    const hostile = `"<b>'\r\nX`;
    a.world.set({
      nowMs: steps.at(-1)!.nowMs + 1_200_000,
      aircraft: [
        { hex: 'abc002', lat: 23.1, lon: -82.1, alt: 15000, gs: 320, track: 80, t: 'IL76', extra: { flight: hostile } },
      ],
    });
    const outcome = await cycle();
    expect(outcome.status).toBe('ok');
    const rows = await database.db.selectFrom('positions').select('callsign').where('hex', '=', 'abc002').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.callsign).toBe(hostile);
  });
});
