import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-replay-damaged-'));
const HEX = '152c2e';

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
});
afterAll(async () => {
  await database.drop();
});

/** How many whole lines (ended by a newline) the readable part of a damaged gzip file holds. */
function completeLinesIn(data: Buffer): number {
  const text = gunzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  return text.split('\n').length - 1;
}

describe('tailwatch replay of a damaged recording', () => {
  it('a plain recording cut in the middle of a line: the complete lines are replayed, the cut one named', async () => {
    const lines = recordedFlightLines(HEX);
    const text = `${lines.join('\n')}\n`;
    const cutAt = text.indexOf('\n', Math.floor(text.length / 2)) + 20;
    const complete = text.slice(0, cutAt).split('\n').length - 1;
    const file = join(dir, 'cut.jsonl');
    writeFileSync(file, text.slice(0, cutAt));
    const result = await runCli(['replay', file], { configFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cut.jsonl:${complete + 1}: skipped: Line ${complete + 1}: not JSON`);
    expect(result.stderr).toContain('The file ends in the middle of this line');
    expect(result.stdout).toContain(`replayed ${complete + 1} lines (1 bad)`);
  });

  it(
    'cut short (a worker killed while recording): replays every complete line, ' +
      'names the line where it ends, exits 1',
    async () => {
      const lines = recordedFlightLines(HEX);
      const whole = gzipSync(`${lines.join('\n')}\n`);
      const cutFile = whole.subarray(0, Math.floor(whole.length * 0.6));
      const complete = completeLinesIn(cutFile);
      expect(complete).toBeGreaterThan(2);
      expect(complete).toBeLessThan(lines.length);
      const file = join(dir, 'cut.jsonl.gz');
      writeFileSync(file, cutFile);
      const result = await runCli(['replay', file], { configFile });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cut.jsonl.gz:${complete + 1}: skipped: Line ${complete + 1}: not JSON`);
      expect(result.stderr).toContain('The file ends in the middle of this line: it was cut short');
      expect(result.stderr).not.toContain('unexpected error');
      expect(result.stdout).toContain(`replayed ${complete + 1} lines (1 bad) as ${complete} cycles`);

      // The complete lines were stored exactly as a replay of those lines alone stores them.
      const stored = await database.db.selectFrom('positions').select(['observed_at']).where('hex', '=', HEX).execute();
      const alone = await createTestDatabase();
      try {
        const aloneConfig = writeTestConfig(alone.url);
        const plain = join(dir, 'complete.jsonl');
        writeFileSync(plain, `${lines.slice(0, complete).join('\n')}\n`);
        expect((await runCli(['replay', plain], { configFile: aloneConfig })).code).toBe(0);
        const expected = await alone.db
          .selectFrom('positions')
          .select(['observed_at'])
          .where('hex', '=', HEX)
          .execute();
        expect(expected.length).toBeGreaterThan(0);
        expect(stored.length).toBe(expected.length);
      } finally {
        await alone.drop();
      }
    },
  );

  it('corrupt in the middle: replays what came before, says the data is corrupt, exits 1', async () => {
    const lines = recordedFlightLines(HEX);
    const whole = Buffer.from(gzipSync(`${lines.join('\n')}\n`));
    const damaged = Buffer.from(whole);
    const from = Math.floor(whole.length * 0.5);
    for (let i = from; i < from + 64; i++) damaged[i] = 0xff;
    const file = join(dir, 'corrupt.jsonl.gz');
    writeFileSync(file, damaged);
    const result = await runCli(['replay', file], { configFile });
    expect(result.code).toBe(1);
    const said = new RegExp(
      /corrupt\.jsonl\.gz:(\d+): skipped: the gzip data is corrupt here \(.*\): nothing after it could be read; /
        .source + /lines 1-(\d+) were read and replayed, except those reported as bad/.source,
    ).exec(result.stderr);
    expect(said).not.toBeNull();
    const read = Number(said![2]);
    expect(Number(said![1])).toBe(read + 1);
    // The lines before the damage are intact and were stored: as many cycles as good lines.
    const summary = /replayed (\d+) lines \((\d+) bad\) as (\d+) cycles/.exec(result.stdout);
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBe(read);
    expect(Number(summary![3])).toBe(read - (Number(summary![2]) - 1));
    expect(Number(summary![3])).toBeGreaterThan(lines.length / 3);
    expect(result.stderr).not.toContain('unexpected error');
  });
});
