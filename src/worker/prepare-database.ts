import type { TailwatchConfig } from '../config/config-schema.js';
import type { OpenDatabase } from '../db/open-database.js';
import { ensureAnalystLogin } from '../db/analyst-login.js';
import { migrateToLatest } from '../db/run-migrations.js';
import { seedAirports, seedDefaultWatchlist } from '../imports/seed-defaults.js';
import type { Logger } from '../log/create-logger.js';
import { redactSecrets } from '../log/redact-secrets.js';

export const ANALYST_LOGIN = 'tailwatch_reader';

/**
 * The lines that say how to connect to the database. `lines` never hold a password: they are what a log
 * or a container's output may keep. `withPasswords` are for a person at a terminal (`tailwatch run` prints
 * them only when its output is a TTY); for the embedded server they carry both passwords.
 */
export interface DatabaseBanner {
  lines: string[];
  withPasswords: string[];
}

/** Migrates, loads first-start data, and returns the lines that tell people how to connect. */
export async function prepareDatabase(
  database: OpenDatabase,
  config: Readonly<TailwatchConfig>,
  logger: Logger,
): Promise<DatabaseBanner> {
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  await seedAirports(database.db, logger);
  await seedDefaultWatchlist(database.db, config.watchlist.defaultFile, logger);
  const first = `tailwatch: database ready at ${database.safeUrl}`;
  if (!database.embedded) {
    const lines = [
      first,
      `  operators: psql "${redactSecrets(database.url)}"`,
      '  analysts: log in with a role that is a member of tailwatch_analyst (see docs/schema.md)',
    ];
    return { lines, withPasswords: lines };
  }
  const embedded = database.embedded;
  const analyst = await ensureAnalystLogin(database.db, ANALYST_LOGIN, embedded.analystPassword);
  const owner = new URL(database.url);
  const ownerUser = decodeURIComponent(owner.username);
  const where = `127.0.0.1:${embedded.port}/postgres`;
  const tail = `  (embedded PostgreSQL; data in ${config.database.dataDir}; it stops when tailwatch stops)`;
  const lines = [
    first,
    `  operators (owner):   psql "postgresql://${ownerUser}@${where}"`,
    ...(analyst ? [`  analysts (read-only): psql "postgresql://${ANALYST_LOGIN}@${where}"`] : []),
    `  passwords: in ${embedded.credentialsFile} (readable by this user only); ` +
      '`tailwatch run` prints them when its output is a terminal',
    tail,
  ];
  const withPasswords = [
    first,
    `  operators (owner):   psql "${database.url}"`,
    ...(analyst
      ? [`  analysts (read-only): psql "postgresql://${ANALYST_LOGIN}:${embedded.analystPassword}@${where}"`]
      : []),
    tail,
  ];
  return { lines, withPasswords };
}
