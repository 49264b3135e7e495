import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { aircraftRow, envelope, type WorldStep } from '../support/feed-world.js';
import { pollSteps } from '../support/poll-world.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';
import { addSeedAirframe } from '../support/seed-airframe.js';

let reference: TestDatabase;
let shared: TestDatabase;
let steps: WorldStep[];

async function feed(processor: SnapshotProcessor, step: WorldStep): Promise<void> {
  const body = envelope(step.nowMs, step.aircraft.map(aircraftRow));
  await processor.process({
    mode: 'replay',
    responses: [{ provider: null, body }],
    requests: 0,
    errors: [],
    startedAtMs: Date.now(),
    fetchMs: null,
  });
}

async function legsAndGaps(database: TestDatabase) {
  const legs = await database.db
    .selectFrom('legs')
    .select(['leg_key', 'departure_airport', 'arrival_airport', 'arrival_inferred', 'status', 'last_seen_at'])
    .orderBy('leg_key')
    .execute();
  const gaps = await database.db
    .selectFrom('transponder_gaps')
    .select(['gap_key', 'started_at', 'ended_at', 'end_on_ground'])
    .orderBy('gap_key')
    .execute();
  const events = await database.db.selectFrom('track_events').select(['event_key']).orderBy('event_key').execute();
  return { legs, gaps, events };
}

beforeAll(async () => {
  reference = await createTestDatabase();
  shared = await createTestDatabase();
  for (const database of [reference, shared]) {
    await addSeedAirframe(database.db, { operator: null });
  }
  // Two legs of the seed scenario (SVMI -> MUHA, MUHA -> SVMI with its long dark stretch) keep the test short.
  const flights = buildSeedScenario().sightings.filter(
    (s) => s.observedAt >= Date.UTC(2025, 9, 28) && s.observedAt < Date.UTC(2025, 9, 29, 12),
  );
  steps = pollSteps(flights, 60_000);
  const single = new SnapshotProcessor(reference.db, testConfig(reference.url), silentLogger);
  for (const step of steps) await feed(single, step);
}, 120_000);
afterAll(async () => {
  await reference.drop();
  await shared.drop();
});

describe('two processes writing cycles to one database (a worker and a replay, or a leader hand-over)', () => {
  it(
    'take turns without a stale engine state overwriting newer state: ' + 'same legs, gaps and events as one process',
    async () => {
      const worker = new SnapshotProcessor(shared.db, testConfig(shared.url), silentLogger);
      const other = new SnapshotProcessor(shared.db, testConfig(shared.url), silentLogger);
      // Alternate in runs of 7 polls: each processor's cached state is stale whenever it resumes.
      for (let i = 0; i < steps.length; i++) await feed(Math.floor(i / 7) % 2 === 0 ? worker : other, steps[i]!);
      const expected = await legsAndGaps(reference);
      expect(expected.legs.map((l) => [l.departure_airport, l.arrival_airport])).toEqual([
        ['SVMI', 'MUHA'],
        ['MUHA', 'SVMI'],
      ]);
      expect(await legsAndGaps(shared)).toEqual(expected);
    },
  );
});
