import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-replay-'));
const HEX = '152c2e';

/** SVMI -> MUHA for an airframe on the list, as a recording of bare ADSBx-v2 responses, one per poll. */
function recording(): string {
  return recordedFlightLines(HEX).join('\n');
}

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
  await runCli(['airframes', 'add', HEX, '--reg', 'RA-76846', '--type', 'IL76'], { configFile });
});
afterAll(async () => {
  await database.drop();
});

describe('tailwatch replay', () => {
  it('replays a gzipped JSONL recording, skipping a bad line with its number', async () => {
    const lines = recording().split('\n');
    lines.splice(3, 0, '{"ac": [], "msg": "no now here"}', 'not json at all');
    const file = join(dir, 'flight.jsonl.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const result = await runCli(['replay', file], { configFile });
    expect(result.code).toBe(1); // done, but some lines were bad
    expect(result.stderr).toMatch(/flight\.jsonl\.gz:4: skipped: Line 4: /);
    expect(result.stderr).toMatch(/flight\.jsonl\.gz:5: skipped: Line 5: not JSON/);
    expect(result.stdout).toMatch(/replayed \d+ lines \(2 bad\) as \d+ cycles: \d+ sightings/);
    const legs = await database.db
      .selectFrom('legs')
      .select(['departure_airport', 'arrival_airport', 'status'])
      .where('hex', '=', HEX)
      .execute();
    expect(legs).toEqual([{ departure_airport: 'SVMI', arrival_airport: 'MUHA', status: 'landed' }]);
  });

  it('a second replay of the same file adds nothing', async () => {
    const file = join(dir, 'flight.jsonl');
    writeFileSync(file, recording());
    const result = await runCli(['replay', file], { configFile });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 new positions, 0 new events');
  });

  it('a file with no usable line is an error, a missing file too', async () => {
    const file = join(dir, 'junk.jsonl');
    writeFileSync(file, 'junk\n[1,2]\n');
    const junk = await runCli(['replay', file], { configFile });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('No line of');
    const missing = await runCli(['replay', join(dir, 'nope.jsonl')], { configFile });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
  });
});

describe('tailwatch legs', () => {
  it('shows the leg with airports and filters by hex, airport and since', async () => {
    const table = await runCli(['legs'], { configFile });
    expect(table.stdout).toMatch(/RA-76846\s+IL76\s+SVMI\s+2025-10-30T\S+\s+MUHA\s+2025-10-30T\S+\s+landed/);
    const json = JSON.parse((await runCli(['legs', '--hex', HEX, '--json'], { configFile })).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json).toEqual([
      expect.objectContaining({
        hex: HEX,
        departure_airport: 'SVMI',
        departure_name: expect.stringContaining('Bol'),
        arrival_airport: 'MUHA',
        gap_count: 0,
      }),
    ]);
    expect(JSON.parse((await runCli(['legs', '--airport', 'muha', '--json'], { configFile })).stdout)).toHaveLength(1);
    expect(JSON.parse((await runCli(['legs', '--airport', 'MNMG', '--json'], { configFile })).stdout)).toHaveLength(0);
    expect(JSON.parse((await runCli(['legs', '--since', '2025-11-01', '--json'], { configFile })).stdout)).toHaveLength(
      0,
    );
    expect(JSON.parse((await runCli(['legs', '--since', '2025-10-30', '--json'], { configFile })).stdout)).toHaveLength(
      1,
    );
    expect(JSON.parse((await runCli(['legs', '--since', '1d', '--json'], { configFile })).stdout)).toHaveLength(1);
  });

  it('rejects a bad --since or --hex with a usage error', async () => {
    const since = await runCli(['legs', '--since', 'yesterday-ish'], { configFile });
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since "yesterday-ish" is not a date');
    const hex = await runCli(['legs', '--hex', 'nothex'], { configFile });
    expect(hex.code).toBe(2);
  });
});
