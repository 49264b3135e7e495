import { afterEach, describe, expect, it } from 'vitest';
import { createPollCycle } from '../../src/pipeline/poll-cycle.js';
import { haversineKm } from '../../src/shared/geo.js';
import {
  backgroundAround,
  type CoverageFlight,
  coverageFlightSteps,
  formation,
  watchedPosition,
} from '../support/coverage-world.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { pollThrough } from '../support/poll-world.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { MUHA } from '../support/test-airports.js';
import { SEED_HEX } from '../support/trajectory-seed-scenario.js';

const MIN = 60_000;
const open: Array<{ close(): Promise<void> } | { drop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await ('close' in thing ? thing.close() : thing.drop());
});

/** An Il-76 on the list flying east towards Caracas at FL300, with traffic around Havana always heard. */
function flight(overrides: Partial<CoverageFlight>): CoverageFlight {
  return {
    watchedHex: SEED_HEX,
    t0: Date.UTC(2025, 9, 29, 14, 0),
    minutes: 40,
    start: { lat: 11.6, lon: -70.0 },
    trackDeg: 95,
    speedKt: 420,
    altFt: 30_000,
    background: backgroundAround(MUHA.lat, MUHA.lon, 8),
    ...overrides,
  };
}

/** Polls the flight once a minute through a real feed server into a fresh database; returns its gaps. */
async function poll(scenario: CoverageFlight, providers = 1) {
  const database = await createTestDatabase();
  open.push(database);
  await addSeedAirframe(database.db);
  const servers: FeedServer[] = [];
  for (let i = 0; i < providers; i++) {
    const server = await startFeedServer();
    open.push(server);
    servers.push(server);
  }
  const { client } = feedClientFor(servers, { requestsPerSecond: 1000 });
  const config = testConfig(database.url, { feeds: { urls: servers.map((s) => s.url) } });
  const cycle = createPollCycle({ db: database.db, config, logger: silentLogger, feedClient: client });
  for (const step of coverageFlightSteps(scenario)) {
    for (const server of servers) server.world.set(step);
    await cycle();
  }
  const gaps = await database.db
    .selectFrom('transponder_gaps')
    .selectAll()
    .where('hex', '=', SEED_HEX)
    .orderBy('started_at')
    .execute();
  const legs = await database.db.selectFrom('legs').select(['leg_key', 'status']).where('hex', '=', SEED_HEX).execute();
  const probes = await database.db.selectFrom('coverage_probes').selectAll().orderBy('id').execute();
  return { database, servers, gaps, legs, probes };
}

describe('gap verdicts, polled from a local feed server with generated traffic', () => {
  it('a transponder switched off among heard traffic is dark, with the evidence', async () => {
    const scenario = flight({
      companions: formation('c1', 5),
      transponder: (minute) => (minute >= 10 && minute < 25 ? 'off' : 'on'),
    });
    const { gaps, legs, probes, servers } = await poll(scenario);
    expect(legs).toHaveLength(1);
    expect(gaps).toHaveLength(1);
    const gap = gaps[0]!;
    expect(gap.ended_at).not.toBeNull();
    expect(gap.verdict).toBe('dark');
    expect(gap.others_heard).toBeGreaterThanOrEqual(3);
    expect(gap.nearest_other_km).toBeLessThan(60);
    expect(gap.providers_checked).toEqual([new URL(servers[0]!.url).host]);
    expect(gap.heard_without_position).toBe(0);
    expect(gap.covered_cycles).toBeGreaterThanOrEqual(10);
    // The probes asked around where it should have been, and their answers are stored as evidence.
    const probePaths = servers[0]!.requests.filter((r) => r.path.startsWith('/point/') && r.path.endsWith('/54'));
    expect(probePaths.length).toBeGreaterThanOrEqual(14);
    const probeRows = probes.filter((p) => p.source === 'probe' && p.gap_key === gap.gap_key);
    expect(probeRows.length).toBe(probePaths.length);
    for (const row of probeRows) {
      const minute = (row.observed_at.getTime() - scenario.t0) / MIN;
      const truth = watchedPosition(scenario, minute);
      expect(haversineKm(row.expected_lat, row.expected_lon, truth.lat, truth.lon)).toBeLessThan(2);
      expect(row.others_comparable).toBe(5);
    }
  });

  it('a reception hole that the aircraft and others cross is coverage', async () => {
    const scenario = flight({ companions: formation('c2', 5) });
    const centre = watchedPosition(scenario, 17);
    const { gaps, legs } = await poll({ ...scenario, hole: { lat: centre.lat, lon: centre.lon, radiusKm: 150 } });
    expect(legs).toHaveLength(1);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.verdict).toBe('coverage');
    expect(gaps[0]!.evidence_cycles).toBeGreaterThan(15);
    expect(gaps[0]!.covered_cycles * 2).toBeLessThan(gaps[0]!.evidence_cycles);
  });

  it('every provider returning nothing for a few polls is an outage', async () => {
    const scenario = flight({ companions: formation('c3', 5), outage: (minute) => minute >= 10 && minute < 19 });
    const { gaps, legs } = await poll(scenario);
    expect(legs).toHaveLength(1);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.verdict).toBe('outage');
    expect(gaps[0]!.outage_cycles).toBe(gaps[0]!.evidence_cycles);
  });

  it('a Mode S-only row during the silence records the transponder as on: not dark', async () => {
    const scenario = flight({
      companions: formation('c4', 5),
      transponder: (minute) => (minute >= 10 && minute < 25 ? 'mode_s' : 'on'),
    });
    const { gaps, probes } = await poll(scenario);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.heard_without_position).toBeGreaterThanOrEqual(10);
    expect(gaps[0]!.verdict).toBe('coverage');
    expect(probes.some((p) => p.source === 'heard' && p.heard_without_position)).toBe(true);
  });

  it('the verdict may change while the gap is open and is final when it closes', async () => {
    // Heard traffic for the first minutes of the silence, then a hole: dark at first, coverage in the end.
    const scenario = flight({
      companions: formation('c5', 5),
      transponder: (minute) => (minute >= 10 && minute < 36 ? 'off' : 'on'),
    });
    const late = watchedPosition(scenario, 27);
    const holed = { ...scenario, hole: { lat: late.lat, lon: late.lon, radiusKm: 120 } };
    const steps = coverageFlightSteps(holed);
    const database = await createTestDatabase();
    open.push(database);
    await addSeedAirframe(database.db);
    const server = await startFeedServer();
    open.push(server);
    const { client } = feedClientFor([server], { requestsPerSecond: 1000 });
    const config = testConfig(database.url, { feeds: { urls: [server.url] } });
    const cycle = createPollCycle({ db: database.db, config, logger: silentLogger, feedClient: client });
    const verdicts: string[] = [];
    await pollThrough(server.world, steps, async () => {
      await cycle();
      const gap = await database.db.selectFrom('transponder_gaps').select('verdict').executeTakeFirst();
      if (gap && verdicts[verdicts.length - 1] !== gap.verdict) verdicts.push(gap.verdict);
    });
    expect(verdicts).toEqual(['dark', 'coverage']);
  });
});
