import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { Logger } from '../log/create-logger.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { createKysely } from './create-kysely.js';
import type { Database } from './database-schema.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  /** The connection URL (with its password: never log it; use `safeUrl`). */
  url: string;
  safeUrl: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  '57P03',
  '3D000',
  '28P01',
  '28000',
]);

/** Turns a connection failure into a DB_UNAVAILABLE error that says what to check. */
export function explainConnectionError(error: unknown, safeUrl: string): TailwatchError {
  const code = (error as { code?: string }).code ?? '';
  const hint =
    code === '3D000'
      ? 'the database does not exist: create it (createdb) or fix the name in DATABASE_URL'
      : code === '28P01' || code === '28000'
        ? 'authentication failed: check the user and password in DATABASE_URL'
        : 'is the server running and reachable? Check DATABASE_URL, or unset it to use the embedded database';
  return new TailwatchError(
    'DB_UNAVAILABLE',
    `Cannot connect to PostgreSQL at ${safeUrl} (${code || (error as Error).message}): ${hint}.`,
    { code },
    { cause: error },
  );
}

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code !== undefined && CONNECTION_ERRORS.has(code);
}

/** Opens the configured database: DATABASE_URL when set, otherwise the embedded server. */
export async function openDatabase(
  config: Readonly<TailwatchConfig>,
  logger: Logger,
  applicationName = 'tailwatch',
): Promise<OpenDatabase> {
  const embedded = config.database.url
    ? null
    : await startEmbeddedDatabase(config.database.dataDir, config.database.embeddedPort, logger);
  const url = config.database.url ?? embedded!.url;
  const safeUrl = redactSecrets(url);
  const db = createKysely({ url, poolSize: config.database.poolSize, logger, applicationName });
  try {
    await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw isConnectionError(error) ? explainConnectionError(error, safeUrl) : error;
  }
  let closed = false;
  return {
    db,
    url,
    safeUrl,
    embedded,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}
