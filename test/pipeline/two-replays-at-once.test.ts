import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { silentLogger } from '../support/silent-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Two replays of one file at once, on one database: each waits its turn at every commit and carries
 * on, so both finish, and the database holds exactly what one replay stores (nothing lost or doubled).
 */

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-two-replays-'));
let reference: TestDatabase;
let shared: TestDatabase;
let file: string;

beforeAll(async () => {
  file = join(dir, 'flight.jsonl');
  writeFileSync(file, `${recordedFlightLines('152c2f').join('\n')}\n`);
  [reference, shared] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const config = testConfig(reference.url);
  await replayFile(file, new SnapshotProcessor(reference.db, config, silentLogger), silentLogger);
});
afterAll(async () => {
  await Promise.all([reference.drop(), shared.drop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function stored(database: TestDatabase) {
  const result = await sql<{ line: string }>`
    SELECT concat_ws('|', leg_key, departure_airport, arrival_airport, status, last_seen_at) AS line FROM legs
    UNION ALL SELECT concat_ws('|', 'positions', count(*), count(DISTINCT (hex, observed_at))) FROM positions
    UNION ALL SELECT concat_ws('|', 'events', count(*)) FROM track_events ORDER BY 1`.execute(database.db);
  return result.rows.map((row) => row.line);
}

describe('two replays of one file at once', () => {
  it('both finish, and the database holds what one replay stores', async () => {
    const config = testConfig(shared.url);
    const runs = await Promise.allSettled(
      [0, 1].map(() => replayFile(file, new SnapshotProcessor(shared.db, config, silentLogger), silentLogger)),
    );
    expect(runs.map((run) => (run.status === 'rejected' ? String(run.reason) : 'ok'))).toEqual(['ok', 'ok']);
    expect(await stored(shared)).toEqual(await stored(reference));
  });
});
