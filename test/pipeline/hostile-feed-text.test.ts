import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
