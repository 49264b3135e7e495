import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { type CycleHooks, SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { POSITION_COLUMNS } from '../../src/store/positions-repository.js';
import { loadTrackerState } from '../../src/store/tracker-state-repository.js';
import { aircraftRow, envelope, type WorldStep } from '../support/feed-world.js';
import { pollSteps } from '../support/poll-world.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';
import { addSeedAirframe } from '../support/seed-airframe.js';

/**
 * A pipelined replay (the next poll prepared while the previous one commits) must leave exactly what
 * processing the same polls one by one leaves, also when a commit meets engine state written by
 * another process (stale: redone on the committed state, and the cycle prepared on top of it too) and
 * when a commit fails (nothing after it is committed; the error reaches the caller).
 */

let steps: WorldStep[];
let dir: string;
let recording: string;
const databases: TestDatabase[] = [];

function bodyOf(step: WorldStep): Record<string, unknown> {
  return envelope(step.nowMs, step.aircraft.map(aircraftRow));
}

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  await addSeedAirframe(database.db, { operator: null });
  return database;
}

/** Hooks that act at given data times: another process writes engine state after one commit; one commit fails. */
function faultHooks(database: TestDatabase, faults: { staleAfter?: number; failAt?: number }): CycleHooks {
  return {
    async inTransaction(_trx, derived) {
      if (derived.dataTime === faults.failAt) throw new Error('injected commit failure');
    },
    async afterCommit(outcome) {
      if (outcome.dataTime !== faults.staleAfter) return;
      // What a worker committing beside the replay does to the version stamp (tracker-state-version.ts).
      await sql`UPDATE app_meta SET value = '"another-process"'::jsonb WHERE key = 'tracker_state_version'`.execute(
        database.db,
      );
    },
  };
}

/** The reference: each poll through process(), one after the other, stopping at the first error. */
async function oneByOne(database: TestDatabase, hooks: CycleHooks): Promise<unknown> {
  const processor = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger, hooks);
  for (const step of steps) {
    try {
      await processor.process({
        mode: 'replay',
        responses: [{ provider: null, path: null, purpose: null, body: bodyOf(step) }],
        requests: 0,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      });
    } catch (error) {
      return error;
    }
  }
  // As a replay ends: a checkpoint, so that the engine state and open legs are written as of the last poll.
  await processor.checkpointNow();
  return null;
}

/**
 * What a run that ended without its final checkpoint holds, whatever its checkpoints were: the engine
 * state as loaded (last checkpoint moved on along the log) instead of the checkpoint rows, and open legs
 * without their progress (last_seen_at and callsign lag the log by up to one checkpoint interval).
 */
async function settledContents(database: TestDatabase) {
  const { trackerState: _rows, legs, ...rest } = await contents(database);
  return {
    ...rest,
    legs: legs.map((l) => (l.status === 'airborne' ? { ...l, last_seen_at: null, callsign: null } : l)),
    engine: (await loadTrackerState(database.db)).state.aircraft.toSorted((a, b) => (a.hex < b.hex ? -1 : 1)),
  };
}

async function contents(database: TestDatabase) {
  const db = database.db;
  return {
    positions: await db
      .selectFrom('positions')
      .select(POSITION_COLUMNS)
      .orderBy('hex')
      .orderBy('observed_at')
      .execute(),
    legs: await db
      .selectFrom('legs')
      .select([
        'leg_key',
        'hex',
        'departure_airport',
        'arrival_airport',
        'departed_at',
        'arrived_at',
        'departure_inferred',
        'arrival_inferred',
        'first_seen_at',
        'last_seen_at',
        'status',
        'callsign',
        'matched_by',
      ])
      .orderBy('leg_key')
      .execute(),
    gaps: await db
      .selectFrom('transponder_gaps')
      .select(['gap_key', 'hex', 'started_at', 'ended_at', 'end_on_ground', 'distance_km'])
      .orderBy('gap_key')
      .execute(),
    events: await db
      .selectFrom('track_events')
      .select(['event_key', 'kind', 'at', 'details'])
      .orderBy('event_key')
      .execute(),
    trackerState: await db.selectFrom('tracker_state').select(['hex', 'state']).orderBy('hex').execute(),
    cycles: await db
      .selectFrom('poll_cycles')
      .select([
        'mode',
        'status',
        'data_time',
        'sightings',
        'positions_stored',
        'events',
        'legs_changed',
        'gaps_changed',
        'dropped',
      ])
      .orderBy('id')
      .execute(),
  };
}

beforeAll(() => {
  // One leg of the seed scenario and the start of the next, with its long dark stretch (gaps).
  const flights = buildSeedScenario().sightings.filter(
    (s) => s.observedAt >= Date.UTC(2025, 9, 28) && s.observedAt < Date.UTC(2025, 9, 29, 12),
  );
  steps = pollSteps(flights, 60_000);
  dir = mkdtempSync(join(tmpdir(), 'tailwatch-pipelined-replay-'));
  recording = join(dir, 'polls.jsonl');
  writeFileSync(recording, steps.map((step) => JSON.stringify(bodyOf(step))).join('\n') + '\n');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

describe('pipelined replay', () => {
  it('stores exactly what processing the polls one by one stores', async () => {
    const [reference, replayed] = [await freshDatabase(), await freshDatabase()];
    expect(await oneByOne(reference, {})).toBeNull();
    const summary = await replayFile(
      recording,
      new SnapshotProcessor(replayed.db, testConfig(replayed.url), silentLogger),
      silentLogger,
    );
    expect(summary.cycles).toBe(steps.length);
    const expected = await contents(reference);
    expect(expected.legs.length).toBeGreaterThan(0);
    expect(expected.gaps.length).toBeGreaterThan(0);
    expect(await contents(replayed)).toEqual(expected);
  }, 240_000);

  it('gives the same result when a commit meets engine state written by another process', async () => {
    const staleAfter = steps[Math.floor(steps.length / 3)]!.nowMs;
    const [reference, replayed] = [await freshDatabase(), await freshDatabase()];
    expect(await oneByOne(reference, faultHooks(reference, { staleAfter }))).toBeNull();
    await replayFile(
      recording,
      new SnapshotProcessor(replayed.db, testConfig(replayed.url), silentLogger, faultHooks(replayed, { staleAfter })),
      silentLogger,
    );
    expect(await contents(replayed)).toEqual(await contents(reference));
  }, 240_000);

  it('commits nothing after a failed commit and raises its error, as one-by-one processing does', async () => {
    const failAt = steps[Math.floor(steps.length / 2)]!.nowMs;
    const [reference, replayed] = [await freshDatabase(), await freshDatabase()];
    const referenceError = await oneByOne(reference, faultHooks(reference, { failAt }));
    expect((referenceError as Error).message).toBe('injected commit failure');
    await expect(
      replayFile(
        recording,
        new SnapshotProcessor(replayed.db, testConfig(replayed.url), silentLogger, faultHooks(replayed, { failAt })),
        silentLogger,
      ),
    ).rejects.toThrow('injected commit failure');
    // Neither run wrote its final checkpoint (both stopped at the failure), and a replay counts its checkpoint
    // interval on the wall clock: the engine state as loaded and everything but open legs' progress agree.
    const expected = await settledContents(reference);
    expect(expected.cycles.length).toBe(Math.floor(steps.length / 2));
    expect(await settledContents(replayed)).toEqual(expected);
  }, 240_000);
});
