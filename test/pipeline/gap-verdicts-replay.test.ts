import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPollCycle } from '../../src/pipeline/poll-cycle.js';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import {
  backgroundAround,
  type CoverageFlight,
  coverageFlightSteps,
  formation,
  watchedPosition,
} from '../support/coverage-world.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';
import { aircraftRow, envelope, type WorldAircraft } from '../support/feed-world.js';
import { startFeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { MUHA } from '../support/test-airports.js';
import { SEED_HEX } from '../support/trajectory-seed-scenario.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  await addSeedAirframe(database.db);
  return database;
}

/** Two silences in one flight: a transponder off among traffic (minutes 8-20), then a reception hole. */
function scenario(): CoverageFlight {
  const base: CoverageFlight = {
    watchedHex: SEED_HEX,
    t0: Date.UTC(2025, 9, 29, 14, 0),
    minutes: 60,
    start: { lat: 11.6, lon: -70.0 },
    trackDeg: 95,
    speedKt: 420,
    altFt: 30_000,
    background: backgroundAround(MUHA.lat, MUHA.lon, 8),
    companions: formation('e1', 5),
    transponder: (minute) => (minute >= 8 && minute < 20 ? 'off' : 'on'),
  };
  const centre = watchedPosition(base, 42);
  return { ...base, hole: { lat: centre.lat, lon: centre.lon, radiusKm: 130 } };
}

async function verdictsOf(database: TestDatabase) {
  return database.db
    .selectFrom('transponder_gaps')
    .select(['gap_key', 'verdict', 'evidence_cycles', 'covered_cycles', 'others_heard', 'nearest_other_km'])
    .orderBy('started_at')
    .execute();
}

async function probesOf(database: TestDatabase) {
  return database.db
    .selectFrom('coverage_probes')
    .select(['gap_key', 'observed_at', 'provider', 'source', 'path', 'others_heard', 'others_comparable'])
    .orderBy('gap_key')
    .orderBy('observed_at')
    .orderBy('source')
    .orderBy('path')
    .execute();
}

describe('replaying gap verdicts', () => {
  it('a recording made with poll --record, probes included, replays to the same verdicts and evidence', async () => {
    const live = await freshDatabase();
    const recording = join(mkdtempSync(join(tmpdir(), 'tailwatch-verdicts-')), 'poll.jsonl');
    const server = await startFeedServer();
    try {
      const { client } = feedClientFor([server], { requestsPerSecond: 1000 });
      const config = testConfig(live.url, { feeds: { urls: [server.url] } });
      const cycle = createPollCycle({
        db: live.db,
        config,
        logger: silentLogger,
        feedClient: client,
        recordFile: recording,
      });
      for (const step of coverageFlightSteps(scenario())) {
        server.world.set(step);
        await cycle();
      }
    } finally {
      await server.close();
    }
    const liveVerdicts = await verdictsOf(live);
    expect(liveVerdicts.map((g) => g.verdict)).toEqual(['dark', 'coverage']);
    const lines = readFileSync(recording, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { probe?: boolean });
    expect(lines.filter((l) => l.probe === true).length).toBeGreaterThan(20);

    const replayed = await freshDatabase();
    const processor = new SnapshotProcessor(replayed.db, testConfig(replayed.url), silentLogger);
    const summary = await replayFile(recording, processor, silentLogger);
    expect(summary.badLines).toEqual([]);
    expect(await verdictsOf(replayed)).toEqual(liveVerdicts);
    expect(await probesOf(replayed)).toEqual(await probesOf(live));

    // Replaying it again changes nothing: no observation is stored twice.
    await replayFile(
      recording,
      new SnapshotProcessor(replayed.db, testConfig(replayed.url), silentLogger),
      silentLogger,
    );
    expect(await probesOf(replayed)).toEqual(await probesOf(live));
    expect(await verdictsOf(replayed)).toEqual(liveVerdicts);
  });

  it('a bare whole-sky response is its own evidence', async () => {
    const database = await freshDatabase();
    const processor = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
    for (const step of coverageFlightSteps(scenario())) {
      await processor.process({
        mode: 'replay',
        responses: [{ provider: null, path: null, purpose: null, ...parsedBare(step.nowMs, step.aircraft) }],
        requests: 0,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      });
    }
    expect((await verdictsOf(database)).map((g) => g.verdict)).toEqual(['dark', 'coverage']);
    const sources = new Set((await probesOf(database)).map((p) => p.source));
    expect([...sources]).toEqual(['whole_sky']);
  });
});

/** A whole-sky response as replay reads a bare line: parsed at the edge, with no provider, path or purpose. */
function parsedBare(nowMs: number, aircraft: WorldAircraft[]) {
  return parseFeedResponse(envelope(nowMs, aircraft.map(aircraftRow)), 'replay');
}
