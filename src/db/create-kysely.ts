import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log/create-logger.js';
import type { Database } from './database-schema.js';

// Return bigint (int8) and numeric columns as JS numbers where they are counts/ids that fit;
// ids stay strings in the types to be safe, so only parse int8 counts explicitly in queries.
pg.types.setTypeParser(pg.types.builtins.FLOAT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface CreateKyselyOptions {
  url: string;
  poolSize?: number;
  logger?: Logger;
  applicationName?: string;
}

/** The pg Pool under each Kysely made by createKysely (for what Kysely cannot do, e.g. COPY). */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/**
 * A Kysely instance on a pg Pool. Connection errors (server restarts, terminated backends) are
 * logged, never thrown: pg-pool listens for errors only on idle clients, so a client checked out
 * between two queries (inside a transaction, or between a result and its release) that receives
 * the server's FATAL would otherwise raise an unhandled 'error' event and end the process. Such a
 * client is no longer queryable, and the pool drops it when it is released.
 */
export function createKysely(options: CreateKyselyOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 5,
    application_name: options.applicationName ?? 'tailwatch',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Each client logs its own failure, idle or checked out; the pool's 'error' (idle clients only) must
  // have a listener too, or it is thrown, but logging there again would report one failure twice.
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      options.logger?.warn({ err: error }, 'database connection failed; the pool replaces it'),
    );
  });
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** The pg Pool a Kysely instance from createKysely runs on; undefined for any other instance. */
export function poolOf(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}
