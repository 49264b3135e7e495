import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefaultAirports } from '../../src/imports/default-airports-file.js';
import { initialBearingDeg } from '../../src/shared/geo.js';
import { recordedLinesOf } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { along, placeAt } from '../support/test-runways.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-small-field-'));
const HEX = '0c2a15';

beforeAll(async () => {
  // Cloned from the test template, which is seeded the way a fresh `npm start` database is.
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
  await runCli(['airframes', 'add', HEX, '--reg', 'YN-TST', '--type', 'GLF4'], { configFile });
});
afterAll(async () => {
  await database.drop();
});

describe('a replay on a freshly seeded database', () => {
  it('names the small field a flight landed at (Leon, MNLN) and its runway', async () => {
    const runway = readDefaultAirports().runways.find((r) => r.airportIdent === 'MNLN')!;
    const threshold27 = { lat: runway.he!.lat!, lon: runway.he!.lon! };
    const heading27 = initialBearingDeg(threshold27.lat, threshold27.lon, runway.le.lat!, runway.le.lon!);
    const lines = recordedLinesOf(
      [
        {
          hex: HEX,
          callsign: 'TST01',
          registration: 'YN-TST',
          typeCode: 'GLF4',
          from: placeAt('ORIGIN', along(threshold27, heading27 + 180, 250), 100),
          to: placeAt('MNLN', along(threshold27, heading27, 0.3), 328),
          departAt: Date.UTC(2025, 9, 30, 9, 0),
          startAt: { at: 'top_of_climb' },
        },
      ],
      30_000,
    );
    const file = join(dir, 'leon.jsonl');
    writeFileSync(file, lines.join('\n'));
    const result = await runCli(['replay', file], { configFile });
    expect(result.code).toBe(0);
    const legs = await database.db
      .selectFrom('legs')
      .select(['arrival_airport', 'arrival_runway', 'arrival_inferred', 'status'])
      .where('hex', '=', HEX)
      .execute();
    expect(legs).toEqual([
      { arrival_airport: 'MNLN', arrival_runway: '27', arrival_inferred: false, status: 'landed' },
    ]);
    const table = await runCli(['legs', '--hex', HEX], { configFile });
    expect(table.stdout).toMatch(/YN-TST\s+GLF4\s+\?\s+\(first seen \S+\)\s+MNLN\/27\s/);
  });
});
