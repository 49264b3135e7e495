import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { silentLogger } from '../support/silent-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** A replay never holds a line longer than twice feeds.maxResponseBytes: a gzip bomb of one line is skipped. */

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-replay-cap-'));
const T0 = Date.UTC(2025, 9, 30, 12, 0, 0);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const line = (hex: string, now: number) =>
  JSON.stringify({ ac: [{ hex, lat: 23, lon: -82, alt_baro: 12000, seen_pos: 1, t: 'IL76' }], now });

describe('the decompressed line length of a replay is capped', () => {
  it('a 60 MB line in a small gzip file is reported with the cap it broke; the lines around it replay', async () => {
    const file = join(dir, 'bomb.jsonl.gz');
    const text = Buffer.concat([
      Buffer.from(`${line('0d0c01', T0)}\n{"ac":[`),
      Buffer.alloc(60 * 1024 * 1024, 0x20),
      Buffer.from(`\n${line('0d0c02', T0 + 60_000)}\n`),
    ]);
    writeFileSync(file, gzipSync(text));
    expect(statSync(file).size).toBeLessThan(1024 * 1024);
    const config = testConfig(database.url, { feeds: { maxResponseBytes: 1_000_000 } });
    const heapBefore = process.memoryUsage().heapUsed;
    const summary = await replayFile(file, new SnapshotProcessor(database.db, config, silentLogger), silentLogger);
    expect(summary.lines).toBe(3);
    expect(summary.sightings).toBe(2);
    expect(summary.badLines).toEqual([
      { line: 2, message: expect.stringMatching(/longer than 2000000 bytes.*feeds\.maxResponseBytes/) },
    ]);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });
});
