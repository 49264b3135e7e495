import type { TailwatchConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { openDatabase, type OpenDatabase } from '../db/open-database.js';
import { migrateToLatest } from '../db/run-migrations.js';
import { seedAirports } from '../imports/seed-defaults.js';
import { createLogger, type Logger } from '../log/create-logger.js';

export interface GlobalOptions {
  config?: string;
  /** The environment the config is read from (process.env, or a test's own). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface CliContext {
  config: Readonly<TailwatchConfig>;
  configFile: string;
  logger: Logger;
}

/**
 * Loads and validates the config once per command. Commands other than `run` log to stderr
 * (warnings only unless LOG_LEVEL says otherwise) so that their stdout stays machine-readable.
 */
export function createCliContext(options: GlobalOptions, mode: 'worker' | 'command'): CliContext {
  const env = options.env ?? process.env;
  const { config, file } = loadConfig({ configFile: options.config, env });
  const level = mode === 'worker' || env.LOG_LEVEL ? config.log.level : 'warn';
  const logger = createLogger({
    level,
    format: config.log.format,
    // Commands log to stderr, pretty or not (their stdout is their output).
    ...(mode === 'command'
      ? {
          destination: { write: (line: string) => process.stderr.write(line) },
          colorize: process.stderr.isTTY === true,
        }
      : {}),
  });
  return { config, configFile: file, logger };
}

/**
 * Opens the database, migrates it and loads the default airports if the table is empty (so that a
 * command on a fresh database names airports as `run` would), runs fn, and always closes it again.
 */
export async function withDatabase<T>(context: CliContext, fn: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(context.config, context.logger, 'tailwatch-cli');
  try {
    await migrateToLatest(database.db);
    await seedAirports(database.db, context.logger);
    return await fn(database);
  } finally {
    await database.close();
  }
}
