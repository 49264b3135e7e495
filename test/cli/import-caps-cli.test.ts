import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { csvLine, PLAIN_CSV_HEADER, planeAlertDbFile, ZITOTRANS_RA78765 } from '../support/watchlist-files.js';

/** `airframes import` with the caps of watchlist.import set low in the config: each cap's error and line. */

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-import-caps-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const stored = async () =>
  (await database.db.selectFrom('airframes').select('hex').orderBy('hex').execute()).map((row) => row.hex);

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url, {
    watchlist: { import: { maxRows: 5, maxFields: 12, maxFieldBytes: 64, maxRecordBytes: 1024 } },
  });
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('airframes import: caps on the file (watchlist.import)', () => {
  it('rejects a row over maxFields or maxFieldBytes with its line and the setting, and imports the rest', async () => {
    const path = write(
      'fields.csv',
      [
        PLAIN_CSV_HEADER,
        csvLine(['0a0001', 'YV-1', 'IL76', 'ok', 'ok']),
        csvLine(['0a0002', ...Array.from({ length: 12 }, () => 'x')]),
        csvLine(['0a0003', 'YV-3', 'IL76', 'Línea Aérea', 'é'.repeat(33)]),
        csvLine(['0a0004', 'YV-4', 'IL76', 'ok', 'ok']),
      ].join('\n'),
    );
    const result = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'fields.csv:3: rejected: this row has 13 fields; a row may have at most 12 (watchlist.import.maxFields)',
    );
    expect(result.stderr).toContain(
      'fields.csv:4: rejected: field 5 is 66 bytes long; a field may have at most 64 (watchlist.import.maxFieldBytes)',
    );
    expect(result.stdout).toContain('added 2,');
    expect(await stored()).toEqual(['0a0001', '0a0004']);
  });

  it('stops a file over maxRows at the first row past the cap, naming it, and imports nothing', async () => {
    const rows = ['0b0001', '0b0002', '0b0003', '0b0004', '0b0005'].map((hex) =>
      csvLine([hex, 'YV-9', 'IL76', 'op', 'r']),
    );
    const path = write('rows.csv', ['# five rows and a header', PLAIN_CSV_HEADER, '', ...rows].join('\n'));
    const result = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'rows.csv:8: more than 5 rows, the most one import reads (watchlist.import.maxRows). Nothing was imported',
    );
    expect(result.stderr).toContain('[INPUT_FILE_TOO_LARGE]');
    expect(await stored()).not.toContain('0b0001');
  });

  it('stops at a record over maxRecordBytes (an open quote) at the line it starts, importing nothing', async () => {
    const text = planeAlertDbFile([ZITOTRANS_RA78765, { raw: `0c0002,YV-2,"unclosed ${'and on '.repeat(200)}` }]);
    const path = write('record.csv', text);
    const result = await runCli(['airframes', 'import', path, '--format', 'plane-alert-db'], { configFile });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'record.csv:3: a record longer than 1,024 bytes starts here (watchlist.import.maxRecordBytes); usually',
    );
    expect(await stored()).not.toContain('1533ad');
  });

  it('reads the --resolve file of an OFAC import under the same caps', async () => {
    const resolve = write('resolve.csv', `${'\n'.repeat(3)}${'x\n'.repeat(6)}`);
    const sdn = write('sdn.csv', '');
    const result = await runCli(['airframes', 'import', sdn, '--format', 'ofac-sdn', '--resolve', resolve], {
      configFile,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('resolve.csv:9: more than 5 rows');
  });
});
