import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TailwatchConfig } from '../../src/config/config-schema.js';
import type { ProviderCycleStatus } from '../../src/feeds/feed-snapshot.js';
import { createPollCycle, type PollCycle } from '../../src/pipeline/poll-cycle.js';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { FeedWorld, type WorldAircraft } from '../support/feed-world.js';
import { startOpenSkyServer, type OpenSkyServer } from '../support/opensky-server.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { SEED_HEX } from '../support/trajectory-seed-scenario.js';

/**
 * Every provider asked each cycle, through the real poll pipeline and Postgres: two ADSBx-v2 servers and
 * OpenSky (token endpoint and states API) serving one world, the client built from the config as
 * `tailwatch run` builds it. Which providers heard each position lands in positions.heard_by, and how
 * each provider fared in poll_cycles.providers; a provider that is down or refused never fails the cycle.
 */
const T0 = Date.UTC(2025, 9, 29, 16, 0, 0);
let database: TestDatabase;
let replayed: TestDatabase;
let a: FeedServer;
let b: FeedServer;
let sky: OpenSkyServer;
let config: Readonly<TailwatchConfig>;
let cycle: PollCycle;
let dir: string;
const world = new FeedWorld(T0);

/**
 * The Il-76 in cruise at poll `n` (30 s apart), its position 1.4 s old: OpenSky times it in whole seconds
 * (1 s old), so its report is 400 ms off the others' and merged with them by its coordinates. The v2
 * feeds also send registration and type, which OpenSky has not: their row is the one kept.
 */
function stepAt(n: number): { nowMs: number; aircraft: WorldAircraft[] } {
  const position = { lat: 14 + n * 0.03, lon: -75 - n * 0.03, alt: 33000, gs: 430, track: 315 };
  return { nowMs: T0 + n * 30_000, aircraft: [{ hex: SEED_HEX, ...position, r: 'RA-78765', t: 'IL76', seenPos: 1.4 }] };
}

const names = () => ({ a: `127.0.0.1:${a.port}`, b: `127.0.0.1:${b.port}`, sky: `127.0.0.1:${sky.port}` });

/** Each stored position of the Il-76 with the names of the providers in its heard_by mask. */
async function heardBy(db: TestDatabase['db']): Promise<Array<{ at: number; source: string; heard: string[] }>> {
  const rows = await sql<{ observed_at: Date; source: string; heard: string[] }>`
    SELECT p.observed_at, p.source,
      (SELECT array_agg(f.name ORDER BY f.name) FROM feed_providers f WHERE p.heard_by & (1 << f.bit) <> 0) AS heard
    FROM positions p WHERE p.hex = ${SEED_HEX} ORDER BY p.observed_at`.execute(db);
  return rows.rows.map((r) => ({ at: r.observed_at.getTime(), source: r.source, heard: r.heard }));
}

async function cycleRow(id: string) {
  return database.db.selectFrom('poll_cycles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await createTestDatabase();
  replayed = await createTestDatabase();
  await addSeedAirframe(database.db);
  await addSeedAirframe(replayed.db);
  dir = await mkdtemp(join(tmpdir(), 'tailwatch-providers-'));
  a = await startFeedServer({ world });
  b = await startFeedServer({ world });
  sky = await startOpenSkyServer({ world });
  config = testConfig(database.url, {
    feeds: {
      urls: [a.url, b.url],
      requestsPerSecond: 100,
      timeoutMs: 2000,
      retries: 0,
      watchTypes: [],
      opensky: {
        clientId: sky.clientId,
        clientSecret: sky.clientSecret,
        apiUrl: sky.apiUrl,
        tokenUrl: sky.tokenUrl,
        everySeconds: 0,
        requestsPerSecond: 100,
      },
    },
    watch: { airports: [] },
    watchlist: { defaultFile: null },
  });
  cycle = createPollCycle({ db: database.db, config, logger: silentLogger, recordFile: join(dir, 'poll.jsonl') });
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), sky?.close()]);
  await database?.drop();
  await replayed?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('every provider asked each cycle, through the poll pipeline into Postgres', () => {
  it('stores who heard each position; a provider refused (403) or down leaves the cycle ok', async () => {
    const n = names();
    // 1: all three hear it. 2: b answers 403 (airplanes.live without approval). 3: a is down, b is back.
    world.set(stepAt(0));
    const first = await cycle();
    world.set(stepAt(1));
    b.inject({ kind: 'status', status: 403 });
    const second = await cycle();
    b.clearFaults();
    world.set(stepAt(2));
    a.inject({ kind: 'status', status: 503 });
    const third = await cycle();
    a.clearFaults();

    expect([first.status, second.status, third.status]).toEqual(['ok', 'ok', 'ok']);
    expect(await heardBy(database.db)).toEqual([
      { at: T0 - 1400, source: expect.not.stringMatching(n.sky), heard: [n.a, n.b, n.sky].sort() },
      { at: T0 + 28_600, source: n.a, heard: [n.a, n.sky].sort() },
      { at: T0 + 58_600, source: n.b, heard: [n.b, n.sky].sort() },
    ]);

    const statuses = async (id: string | null) =>
      ((await cycleRow(id!)).providers as ProviderCycleStatus[]).map((p) => [p.provider, p.status]);
    expect(await statuses(first.cycleId)).toEqual([
      [n.a, 'ok'],
      [n.b, 'ok'],
      [n.sky, 'ok'],
    ]);
    expect(await statuses(second.cycleId)).toEqual([
      [n.a, 'ok'],
      [n.b, 'failed'],
      [n.sky, 'ok'],
    ]);
    const refused = ((await cycleRow(second.cycleId!)).providers as ProviderCycleStatus[])[1]!;
    expect(refused.errors.map((e) => e.code)).toEqual(['FEED_ACCESS_DENIED']);
    // The cycle's outcome carries the same statuses (what `poll --once` prints).
    expect(second.providers?.map((p) => p.status)).toEqual(['ok', 'failed', 'ok']);
    expect(await statuses(third.cycleId)).toEqual([
      [n.a, 'failed'],
      [n.b, 'ok'],
      [n.sky, 'ok'],
    ]);
    // One HTTP request per provider per cycle (the 503 is not retried: retries 0), plus one token.
    expect((await cycleRow(first.cycleId!)).requests).toBe(3);
    expect(sky.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('the bits are named in feed_providers: the known providers fixed, new names added as first stored', async () => {
    const rows = await database.db.selectFrom('feed_providers').select(['bit', 'name']).orderBy('bit').execute();
    const n = names();
    expect(rows.slice(0, 5).map((r) => r.name)).toEqual([
      'adsb.lol',
      'airplanes.live',
      'adsb.fi',
      'adsbexchange.com',
      'opensky-network.org',
    ]);
    expect(new Set(rows.slice(5, 8).map((r) => r.name))).toEqual(new Set([n.a, n.b, n.sky]));
    expect(rows.slice(5, 8).map((r) => r.bit)).toEqual([5, 6, 7]);
  });

  it('a replay of the recording (OpenSky answers recorded as v2 envelopes) stores the same heard_by', async () => {
    const processor = new SnapshotProcessor(
      replayed.db,
      testConfig(replayed.url, { watchlist: { defaultFile: null } }),
      silentLogger,
    );
    await replayFile(join(dir, 'poll.jsonl'), processor, silentLogger);
    const live = await heardBy(database.db);
    expect((await heardBy(replayed.db)).map((r) => r.heard)).toEqual(live.map((r) => r.heard));
  });
});
