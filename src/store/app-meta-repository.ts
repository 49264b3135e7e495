import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/**
 * Facts the application keeps about itself in app_meta, one jsonb value per key (e.g. that the default
 * watchlist was loaded). The engine state's version stamp lives there too (tracker-state-repository.ts).
 */

/** True when the key is set, whatever its value. */
export async function hasAppMeta(db: Kysely<Database>, key: string): Promise<boolean> {
  const row = await db.selectFrom('app_meta').select('key').where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/** Sets the key unless it is already set (the first value stays). */
export async function setAppMetaOnce(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
