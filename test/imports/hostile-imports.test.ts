import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { importAirframeFile, type ImportFormat } from '../../src/imports/import-airframe-file.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { csvLine, PLAIN_CSV_HEADER, PLANE_ALERT_DB_HEADER } from '../support/watchlist-files.js';

const HEX = /^[0-9a-f]{6}$/;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-hostile-import-'));
let database: TestDatabase;
let files = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** Field values a hostile or broken file holds: CRLF, HTML, quotes, NULs, SQL, over-long and near-hex strings. */
const hostileField = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '1533ad',
    '1533AD',
    ' 1533ad ',
    '1533a',
    '1533adx',
    'zzzzzz',
    '',
    'RA-78765\r\nBcc: x@y',
    '<script>alert(1)</script>',
    `O'Brien "Air"`,
    "'); DROP TABLE airframes; --",
    '\u0000',
    'a'.repeat(300),
  ),
);
const row = fc.array(hostileField, { minLength: 0, maxLength: 8 });

async function importText(text: string, format: ImportFormat): Promise<'ok' | 'rejected'> {
  files += 1;
  const file = join(dir, `f${files}.csv`);
  writeFileSync(file, text);
  try {
    await importAirframeFile(database.db, {
      file,
      format,
      dryRun: false,
      reactivate: false,
      context: { by: 'fuzz', via: 'test' },
    });
    return 'ok';
  } catch (error) {
    if (!isTailwatchError(error)) throw error;
    return 'rejected';
  }
}

describe('watchlist imports of hostile files, written to the database (property)', () => {
  it.each<[ImportFormat, string]>([
    ['csv', PLAIN_CSV_HEADER],
    ['plane-alert-db', PLANE_ALERT_DB_HEADER],
  ])(
    '%s: each file imports or is rejected with a TailwatchError; only well-formed airframes are stored',
    async (format, header) => {
      await fc.assert(
        fc.asyncProperty(fc.array(row, { maxLength: 6 }), async (rows) => {
          const text = [header, ...rows.map(csvLine)].join('\r\n');
          await importText(text, format);
          const stored = await database.db
            .selectFrom('airframes')
            .select(['hex', 'registration', 'operator'])
            .execute();
          for (const airframe of stored) {
            expect(airframe.hex).toMatch(HEX);
            // No NUL byte reaches a text column (PostgreSQL would refuse it mid-import).
            for (const value of [airframe.registration, airframe.operator])
              if (value !== null) expect(value).not.toContain('\u0000');
          }
        }),
        { numRuns: 40 },
      );
      const tables = await database.db.selectFrom('airframes').select('hex').limit(1).execute();
      expect(Array.isArray(tables)).toBe(true); // the table is still there
    },
  );

  it('quotes, HTML and line breaks in an operator are stored as text, never interpreted', async () => {
    // The CSV reader turns the file's CRLF line ends into LF before parsing, so the line break here is LF.
    const hostile = `Aviacon <b>"O'Brien"</b>; DROP TABLE airframes; --\nBcc: x@y`;
    await importText([PLAIN_CSV_HEADER, csvLine(['abcdef', 'RA-1', 'IL76', hostile, 'y', 'z'])].join('\n'), 'csv');
    const stored = await database.db
      .selectFrom('airframes')
      .select('operator')
      .where('hex', '=', 'abcdef')
      .executeTakeFirst();
    expect(stored?.operator).toBe(hostile);
  });
});
