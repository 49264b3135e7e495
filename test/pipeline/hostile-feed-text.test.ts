import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('hostile text in feed rows', () => {
  it(
    'a NUL byte, CRLF, HTML and quotes in a callsign or registration never fail the cycle; ' + 'the text is kept',
    async () => {
      const now = Date.UTC(2025, 9, 29, 14, 0);
      const row = (hex: string, flight: string, r: string) => ({
        hex,
        type: 'adsb_icao',
        lat: 12,
        lon: -80,
        alt_baro: 30000,
        gs: 430,
        seen_pos: 1,
        seen: 1,
        flight,
        r,
        t: 'IL76',
        messages: 1,
        mlat: [],
        tisb: [],
        rssi: -10,
      });
      const body = {
        now,
        ac: [
          row('1533ad', 'AZ\u0000S\r\nBcc: x@y', 'RA-"78765"'),
          row('152c07', '<script>alert(1)</script>', "O'Brien"),
        ],
      };
      const processor = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
      const outcome = await processor.process({
        mode: 'replay',
        responses: [{ provider: 'test', body }],
        requests: 0,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      });
      expect(outcome.status).toBe('ok');
      const stored = await database.db.selectFrom('positions').select(['hex', 'callsign']).orderBy('hex').execute();
      expect(stored).toEqual([
        { hex: '152c07', callsign: '<script>alert(1)</script>' },
        { hex: '1533ad', callsign: 'AZ\uFFFDS\r\nBcc: x@y' },
      ]);
    },
  );

  it("a NUL in a recorded line's provider or path never fails the replay; the line is replayed", async () => {
    // Found by test/pipeline/feed-path.property.test.ts: a provider name with a NUL byte reached
    // feed_providers and positions.source, and PostgreSQL's refusal aborted the whole replay.
    const replayDb = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'tailwatch-nul-provider-'));
    try {
      const now = Date.UTC(2025, 9, 30, 6, 0);
      const row = { hex: '4b1f00', lat: 23.1, lon: -82.3, alt_baro: 3000, seen_pos: 1, t: 'B738' };
      const line = (i: number, provider: string, path: string, probe = false) =>
        JSON.stringify({
          provider,
          path,
          purpose: 'area',
          ...(probe ? { probe: true } : {}),
          response: { now: now + i * 60_000, ac: [{ ...row, lon: row.lon + i * 0.01 }] },
        });
      const file = join(dir, 'nul.jsonl');
      writeFileSync(
        file,
        [
          line(0, 'adsb.lol', '/point/22.9892/-82.4091/250'),
          line(1, 'evil\u0000', '/point/22.9892/-82.4091/250'),
          line(2, 'adsb.lol', '/point/22.9892/-82.4091/250\u0000', true),
        ].join('\n'),
      );
      const processor = new SnapshotProcessor(replayDb.db, testConfig(replayDb.url), silentLogger);
      const summary = await replayFile(file, processor, silentLogger);
      expect(summary.badLines).toEqual([]);
      expect(summary.cycles).toBe(3);
      const sources = await replayDb.db.selectFrom('positions').select('source').orderBy('observed_at').execute();
      expect(sources.map((s) => s.source)).toEqual(['adsb.lol', 'evil\uFFFD', 'adsb.lol']);
    } finally {
      await replayDb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
