import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { listPositionPartitions } from '../../src/store/position-partitions-repository.js';
import { aircraftRow, envelope } from '../support/feed-world.js';
import { pollSteps } from '../support/poll-world.js';
import { silentLogger } from '../support/silent-logger.js';
import { MNMG, MUHA, SVMI } from '../support/test-airports.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { generateFlights } from '../support/trajectory-generator.js';

/**
 * Data time is bounded: one response stamped far from its neighbours (a provider's broken clock, or a
 * hostile one) must not move the replay's clock. The same recording with and without it gives the same
 * legs, nothing is stored in the future and no future partition is made.
 */

const HEX = '15a0c1';
const OTHER = '15a0c2';
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-hostile-time-'));
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(dir, { recursive: true, force: true });
});

/** Two legs of one Il-76 (MUHA -> SVMI, SVMI -> MNMG) and one of another, as a recording of 60 s polls. */
function recording(): { lines: string[]; middle: number; middleMs: number } {
  const departAt = Date.UTC(2025, 9, 30, 6, 0);
  const { sightings } = generateFlights([
    { hex: HEX, typeCode: 'IL76', callsign: 'AZS8846', from: MUHA, to: SVMI, departAt, seed: 3 },
    {
      hex: HEX,
      typeCode: 'IL76',
      callsign: 'AZS8847',
      from: SVMI,
      to: MNMG,
      departAt: departAt + 8 * 3_600_000,
      seed: 4,
    },
    {
      hex: OTHER,
      typeCode: 'IL76',
      callsign: 'AZS1111',
      from: SVMI,
      to: MUHA,
      departAt: departAt + 30 * 60_000,
      seed: 5,
    },
  ]);
  const steps = pollSteps(sightings, 60_000);
  const lines = steps.map((step) => JSON.stringify(envelope(step.nowMs, step.aircraft.map(aircraftRow))));
  // Halfway through the first flight, when both aircraft are airborne.
  const middle = steps.findIndex((step) => step.nowMs >= departAt + 2 * 3_600_000);
  return { lines, middle, middleMs: steps[middle]!.nowMs };
}

function lineAt(nowMs: number, lat: number, lon: number): string {
  const row = { hex: HEX, lat, lon, alt_baro: 33000, gs: 430, track: 120, seen_pos: 0.5, seen: 0.2, t: 'IL76' };
  return JSON.stringify({ ac: [row], now: nowMs, msg: 'No error', total: 1 });
}

async function replayInto(lines: readonly string[], name: string) {
  const database = await createTestDatabase();
  databases.push(database);
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const config = testConfig(database.url);
  const summary = await replayFile(file, new SnapshotProcessor(database.db, config, silentLogger), silentLogger);
  const legs = await database.db
    .selectFrom('legs')
    .select(['hex', 'status', 'departure_airport', 'arrival_airport', 'first_seen_at', 'last_seen_at'])
    .orderBy('hex')
    .orderBy('first_seen_at')
    .execute();
  return { database, summary, legs };
}

async function futureRows(database: TestDatabase) {
  const result = await sql<{ positions: number; cycles: number; events: number }>`
    SELECT (SELECT count(*)::int FROM positions WHERE observed_at > now()) AS positions,
           (SELECT count(*)::int FROM poll_cycles WHERE data_time > now()) AS cycles,
           (SELECT count(*)::int FROM track_events WHERE at > now()) AS events`.execute(database.db);
  return result.rows[0];
}

describe('replay with one response stamped far from its neighbours', () => {
  let clean: Awaited<ReturnType<typeof replayInto>>;
  let source: ReturnType<typeof recording>;
  beforeAll(async () => {
    source = recording();
    clean = await replayInto(source.lines, 'clean');
  });

  it('the clean recording gives the expected legs', () => {
    expect(clean.legs.map((leg) => [leg.hex, leg.departure_airport, leg.arrival_airport])).toEqual([
      [HEX, 'MUHA', 'SVMI'],
      [HEX, 'SVMI', 'MNMG'],
      [OTHER, 'SVMI', 'MUHA'],
    ]);
  });

  it('a 2099 response in the middle: same legs, nothing in the future, no future partition', async () => {
    const hostile = [...source.lines];
    hostile.splice(source.middle, 0, lineAt(Date.UTC(2099, 0, 1), 22, -80));
    const run = await replayInto(hostile, 'year-2099');
    expect(run.legs).toEqual(clean.legs);
    expect(await futureRows(run.database)).toEqual({ positions: 0, cycles: 0, events: 0 });
    const nextYear = new Date().getUTCFullYear() + 1;
    const months = (await listPositionPartitions(run.database.db)).filter((name) => name !== 'positions_default');
    expect(months.filter((name) => Number(name.slice(11, 15)) > nextYear)).toEqual([]);
    expect(run.summary.badLines).toEqual([
      expect.objectContaining({ line: source.middle + 1, message: expect.stringContaining('clock') }),
    ]);
  });

  it('a response a day ahead of its neighbours (not in the future of the wall clock) changes nothing', async () => {
    const hostile = [...source.lines];
    hostile.splice(source.middle, 0, lineAt(source.middleMs + 86_400_000, 22, -80));
    const run = await replayInto(hostile, 'day-ahead');
    expect(run.legs).toEqual(clean.legs);
    expect(run.summary.badLines.map((bad) => bad.line)).toEqual([source.middle + 1]);
  });

  it('a response far behind its neighbours changes nothing either', async () => {
    const hostile = [...source.lines];
    hostile.splice(source.middle, 0, lineAt(Date.UTC(2001, 0, 1), 22, -80));
    const run = await replayInto(hostile, 'year-2001');
    expect(run.legs).toEqual(clean.legs);
    expect(run.summary.badLines.map((bad) => bad.line)).toEqual([source.middle + 1]);
    const months = await listPositionPartitions(run.database.db);
    expect(months.filter((name) => name.startsWith('positions_y2001'))).toEqual([]);
  });

  it('lines a step ahead with a true poll between do not add up their steps: same legs, no gap', async () => {
    // Found by test/pipeline/feed-path.property.test.ts: 5 min ahead, a true poll, then 9 min ahead of that
    // poll (5 min ahead of where the first left the clock) moved the cycles' clock 10 min ahead and
    // opened a gap for each aircraft heard a minute before.
    const empty = (nowMs: number) => JSON.stringify({ ac: [], now: nowMs, msg: 'No error', total: 0 });
    const nextMs = (JSON.parse(source.lines[source.middle + 1]!) as { now: number }).now;
    const hostile = [...source.lines];
    hostile.splice(source.middle + 2, 0, empty(nextMs + 9 * 60_000));
    hostile.splice(source.middle + 1, 0, empty(source.middleMs + 5 * 60_000));
    const run = await replayInto(hostile, 'steps-adding-up');
    expect(run.legs).toEqual(clean.legs);
    const gaps = (database: TestDatabase) =>
      database.db
        .selectFrom('transponder_gaps')
        .select(['hex', 'started_at', 'ended_at'])
        .orderBy('started_at')
        .execute();
    expect(await gaps(run.database)).toEqual(await gaps(clean.database));
  });

  it('a real break in the recording (the next lines carry on from the new time) is replayed as before', async () => {
    // Two recordings one after the other: the jump is confirmed by the line after it.
    const later = source.lines.map((line) => {
      const parsed = JSON.parse(line) as { now: number };
      return JSON.stringify({ ...parsed, now: parsed.now + 30 * 86_400_000 });
    });
    const run = await replayInto([...source.lines, ...later], 'two-recordings');
    expect(run.summary.badLines).toEqual([]);
    const shift = 30 * 86_400_000;
    const before = run.legs.filter((leg) => leg.first_seen_at.getTime() < Date.UTC(2025, 10, 10));
    expect(before).toEqual(clean.legs);
    // The second recording's flights are all there, 30 days on (beside the dark flights between the two).
    const shifted = clean.legs.map((leg) => ({
      ...leg,
      first_seen_at: new Date(leg.first_seen_at.getTime() + shift),
      last_seen_at: new Date(leg.last_seen_at.getTime() + shift),
    }));
    expect(run.legs).toEqual(expect.arrayContaining(shifted));
  });
});
