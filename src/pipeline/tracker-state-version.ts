import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';

/**
 * A version stamp of the engine state in tracker_state (app_meta 'tracker_state_version'), changed by
 * every cycle that commits engine state. A process that cached the state checks, inside its cycle's
 * transaction and under a transaction-level advisory lock, that the stamp is still the one its state
 * was computed from. So a replay or `poll --once` beside a worker, or a worker that took over from
 * another, never overwrites newer engine state with a stale copy.
 */

const KEY = 'tracker_state_version';

export class StaleTrackerStateError extends Error {
  constructor() {
    super('the engine state was committed by another process since this cycle read it');
    this.name = 'StaleTrackerStateError';
  }
}

export async function readTrackerStateVersion(db: Kysely<Database> | Transaction<Database>): Promise<string> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : '';
}

/** Serialises committing cycles across processes (until the transaction ends) and reads the stamp. */
export async function lockTrackerStateVersion(trx: Transaction<Database>): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tailwatch.tracker_state'))`.execute(trx);
  return readTrackerStateVersion(trx);
}

export async function bumpTrackerStateVersion(trx: Transaction<Database>): Promise<string> {
  const version = randomUUID();
  await sql`
    INSERT INTO app_meta (key, value, updated_at) VALUES (${KEY}, ${JSON.stringify(version)}::jsonb, now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(trx);
  return version;
}
