import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import type { TailwatchConfig } from '../../src/config/config-schema.js';
import { type CycleInput, SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { loadTrackerState } from '../../src/store/tracker-state-repository.js';
import { aircraftRow, envelope, type WorldStep } from '../support/feed-world.js';
import { pollSteps } from '../support/poll-world.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { silentLogger } from '../support/silent-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';

/**
 * Positions are the log: a process that dies between two checkpoints loses nothing. The one that takes
 * over loads the last checkpoint, moves it on along the positions stored since, and goes on. Over random
 * kill points (and checkpoint intervals), the legs, gaps, events, alerts and the final engine state
 * (its JSON text, byte for byte) are those of a run that never crashed.
 */

let steps: WorldStep[];
const databases: TestDatabase[] = [];

function inputOf(step: WorldStep, mode: CycleInput['mode']): CycleInput {
  return {
    mode,
    responses: [
      { provider: null, path: null, purpose: null, body: envelope(step.nowMs, step.aircraft.map(aircraftRow)) },
    ],
    requests: 0,
    errors: [],
    startedAtMs: Date.now(),
    fetchMs: null,
  };
}

function configFor(database: TestDatabase, everyCycles: number): Readonly<TailwatchConfig> {
  return testConfig(database.url, {
    tracking: { checkpoint: { everyCycles, everySeconds: 3600 } },
    alerts: { to: ['osint@example.org'] },
  });
}

function processorFor(database: TestDatabase, config: Readonly<TailwatchConfig>): SnapshotProcessor {
  return new SnapshotProcessor(
    database.db,
    config,
    silentLogger,
    createAlertHooks({ config, logger: silentLogger, delivery: null }),
  );
}

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  await addSeedAirframe(database.db, { operator: null });
  return database;
}

/**
 * Runs the polls, with a new process (processor) taking over at each kill point; the last one
 * checkpoints. Returns how many stored positions the processes that took over had to move the
 * checkpoint on along.
 */
async function run(
  database: TestDatabase,
  mode: CycleInput['mode'],
  everyCycles: number,
  killPoints: ReadonlySet<number>,
): Promise<number> {
  const config = configFor(database, everyCycles);
  let processor = processorFor(database, config);
  let replayed = 0;
  for (let i = 0; i < steps.length; i++) {
    // Killed: its cached state, its checkpoint mark and anything it had not written are gone.
    if (killPoints.has(i)) {
      processor = processorFor(database, config);
      replayed += (await loadTrackerState(database.db)).positionsReplayed;
    }
    await processor.process(inputOf(steps[i]!, mode));
  }
  await processor.checkpointNow();
  return replayed;
}

async function contents(database: TestDatabase) {
  const db = database.db;
  const legs = await db
    .selectFrom('legs')
    .select([
      'leg_key',
      'departure_airport',
      'arrival_airport',
      'departed_at',
      'arrived_at',
      'first_seen_at',
      'last_seen_at',
      'status',
      'callsign',
      'matched_by',
    ])
    .orderBy('leg_key')
    .execute();
  const gaps = await db.selectFrom('transponder_gaps').selectAll().orderBy('gap_key').execute();
  const events = await db
    .selectFrom('track_events')
    .select(['event_key', 'kind', 'at', 'details'])
    .orderBy('event_key')
    .execute();
  const alerts = await sql<Record<string, unknown>>`
    SELECT a.rule, a.hex, a.dedupe_key, a.event_at, a.details, l.leg_key, g.gap_key
    FROM alerts a LEFT JOIN legs l ON l.id = a.leg_id LEFT JOIN transponder_gaps g ON g.id = a.gap_id
    ORDER BY a.dedupe_key`.execute(db);
  const state = await sql<{ hex: string; state: string }>`
    SELECT hex, state::text AS state FROM tracker_state ORDER BY hex`.execute(db);
  return {
    legs,
    gaps: gaps.map(({ id: _id, leg_id: _legId, created_at: _c, updated_at: _u, ...gap }) => gap),
    events,
    alerts: alerts.rows,
    state: state.rows,
  };
}

beforeAll(() => {
  // A day and a half of the seed scenario: legs into and out of watched airports, and dark stretches.
  const flights = buildSeedScenario().sightings.filter(
    (s) => s.observedAt >= Date.UTC(2025, 9, 28) && s.observedAt < Date.UTC(2025, 9, 29, 12),
  );
  steps = pollSteps(flights, 60_000);
});
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('crash recovery from the last checkpoint and the positions since', () => {
  it('gives the legs, gaps, events, alerts and engine state of a run that never crashed', async () => {
    const references = new Map<number, Awaited<ReturnType<typeof contents>>>();
    const reference = async (everyCycles: number) => {
      const known = references.get(everyCycles);
      if (known) return known;
      const database = await freshDatabase();
      await run(database, 'poll', everyCycles, new Set());
      const result = await contents(database);
      references.set(everyCycles, result);
      return result;
    };
    let replayedPositions = 0;
    await fc.assert(
      fc.asyncProperty(
        // Polls count checkpoint intervals in cycles and data time; a replay on the wall clock (so it mostly
        // writes partial checkpoints: only the tracks the engine did more with than move on).
        fc.constantFrom<CycleInput['mode']>('poll', 'replay'),
        fc.constantFrom(3, 50),
        fc.uniqueArray(fc.integer({ min: 1, max: steps.length - 1 }), { minLength: 1, maxLength: 4 }),
        async (mode, everyCycles, kills) => {
          const expected = await reference(everyCycles);
          expect(expected.legs.length).toBeGreaterThan(1);
          expect(expected.gaps.length).toBeGreaterThan(0);
          expect(expected.alerts.length).toBeGreaterThan(0);
          const database = await freshDatabase();
          replayedPositions += await run(database, mode, everyCycles, new Set(kills));
          expect(await contents(database)).toEqual(expected);
          await database.drop();
          databases.splice(databases.indexOf(database), 1);
        },
      ),
      { numRuns: 6, seed: 20261203, endOnFailure: true },
    );
    // The kill points fell between checkpoints: the state was rebuilt from stored positions, not just read.
    expect(replayedPositions).toBeGreaterThan(0);
  }, 600_000);
});
