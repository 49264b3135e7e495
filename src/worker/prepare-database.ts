import type { TailwatchConfig } from '../config/config-schema.js';
import type { OpenDatabase } from '../db/open-database.js';
import { ensureAnalystLogin } from '../db/analyst-login.js';
import { migrateToLatest } from '../db/run-migrations.js';
import { seedAirports, seedDefaultWatchlist } from '../imports/seed-defaults.js';
import type { Logger } from '../log/create-logger.js';
import { redactSecrets } from '../log/redact-secrets.js';

export const ANALYST_LOGIN = 'tailwatch_reader';

/** Migrates, loads first-start data, and returns the lines that tell people how to connect. */
export async function prepareDatabase(
  database: OpenDatabase,
  config: Readonly<TailwatchConfig>,
  logger: Logger,
): Promise<string[]> {
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  await seedAirports(database.db, logger);
  await seedDefaultWatchlist(database.db, config.watchlist.defaultFile, logger);
  const lines = [`tailwatch: database ready at ${database.safeUrl}`];
  if (database.embedded) {
    const analyst = await ensureAnalystLogin(database.db, ANALYST_LOGIN, database.embedded.analystPassword);
    const port = database.embedded.port;
    lines.push(`  operators (owner):   psql "${database.url}"`);
    if (analyst)
      lines.push(
        `  analysts (read-only): psql "` +
          `postgresql://${ANALYST_LOGIN}:${database.embedded.analystPassword}@127.0.0.1:${port}/postgres"`,
      );
    lines.push(`  (embedded PostgreSQL; data in ${config.database.dataDir}; it stops when tailwatch stops)`);
  } else {
    lines.push(`  operators: psql "${redactSecrets(database.url)}"`);
    lines.push('  analysts: log in with a role that is a member of tailwatch_analyst (see docs/schema.md)');
  }
  return lines;
}
