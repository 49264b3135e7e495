import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';

/**
 * A replay groups lines into cycles by their data time, the envelope's `now` read in its format's unit
 * (ms under "ac", seconds under "aircraft"), and parses rows with the configured staleness rule.
 */

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-replay-groups-'));
const T0 = Date.UTC(2025, 9, 30, 12, 0, 0);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function row(hex: string, seenPos: number) {
  return { hex, lat: 23, lon: -82, alt_baro: 12000, gs: 300, track: 90, seen_pos: seenPos, seen: 0, t: 'B738' };
}

describe('replay groups lines by data time', () => {
  it('reads aircraft.json seconds and ADSBx-v2 ms alike: lines within 15 s of a group start are a cycle', async () => {
    const lines = [
      { now: T0 / 1000, messages: 1, aircraft: [row('0d0a01', 1)] },
      { ac: [row('0d0a02', 1)], now: T0 + 10_000 },
      { now: (T0 + 15_000) / 1000, messages: 1, aircraft: [row('0d0a03', 1)] },
      { ac: [row('0d0a04', 1)], now: T0 + 15_001 },
      { now: (T0 + 29_000) / 1000, messages: 1, aircraft: [row('0d0a05', 1)] },
      { ac: [row('0d0a06', 1)], now: T0 + 40_000 },
    ].map((line) => JSON.stringify(line));
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const config = testConfig(database.url, { feeds: { maxPositionAgeSeconds: 60 } });
    const summary = await replayFile(file, new SnapshotProcessor(database.db, config, silentLogger), silentLogger);
    expect(summary.badLines).toEqual([]);
    expect(summary.cycles).toBe(3); // [T0, +10 s, +15 s], [+15.001 s, +29 s], [+40 s]
    const cycles = await database.db
      .selectFrom('poll_cycles')
      .select(['data_time', 'sightings'])
      .orderBy('data_time')
      .execute();
    expect(cycles.map((c) => [c.data_time?.getTime(), c.sightings])).toEqual([
      [T0 + 15_000, 3],
      [T0 + 29_000, 2],
      [T0 + 40_000, 1],
    ]);
  });

  it('drops positions older than feeds.maxPositionAgeSeconds when reading the lines', async () => {
    const file = join(dir, 'stale.jsonl');
    writeFileSync(file, `${JSON.stringify({ ac: [row('0d0b01', 5), row('0d0b02', 25)], now: T0 + 3_600_000 })}\n`);
    const config = testConfig(database.url, { feeds: { maxPositionAgeSeconds: 20 } });
    const summary = await replayFile(file, new SnapshotProcessor(database.db, config, silentLogger), silentLogger);
    expect(summary.sightings).toBe(1);
    expect(summary.dropped).toMatchObject({ stale_position: 1 });
  });
});
