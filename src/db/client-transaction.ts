import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { poolOf } from './create-kysely.js';
import type { Database } from './database-schema.js';

/**
 * One Kysely per borrowed pg client, whose "pool" hands out that client and never releases it: Kysely's
 * PostgresDialect takes any object with connect() and end(). Cached per client (the pool reuses client
 * objects), so a steady worker builds one per pooled connection.
 */
const bound = new WeakMap<pg.PoolClient, Kysely<Database>>();

function kyselyOn(client: pg.PoolClient): Kysely<Database> {
  let db = bound.get(client);
  if (db === undefined) {
    const borrowed = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient;
    db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: { connect: () => Promise.resolve(borrowed), end: () => Promise.resolve() },
      }),
    });
    bound.set(client, db);
  }
  return db;
}

/**
 * Runs `fn` in one transaction on one pooled connection, handing it both a Kysely Transaction and the
 * raw pg client of that same connection (for COPY, which Kysely cannot send). Everything either does
 * commits or rolls back together. After a failure the connection is discarded rather than returned to
 * the pool, so no session state of a failed attempt (an aborted transaction, a half-sent COPY, temporary
 * tables) can reach the next user.
 */
export async function clientTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const pool = poolOf(db);
  if (pool === undefined)
    throw new TailwatchError(
      'DB_POOL_UNKNOWN',
      'This Kysely instance was not made by createKysely, so its pg client is out of reach; ' +
        'open the database with createKysely (src/db/create-kysely.ts).',
    );
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    return await kyselyOn(client)
      .transaction()
      .execute((trx) => fn(trx, client));
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(failure);
  }
}
