import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database-schema.js';

/**
 * A version stamp of the airports and runways tables (app_meta 'airport_tables_version'), changed by every
 * write through the store (an import, the seed). A worker checks it each cycle to know when to rebuild its
 * airport index: one primary-key read, where counting the 28,600 airports and 26,400 runways cost about
 * 5 ms a cycle (the seed scenario's replay test took 59 s with the counts, 31 s with no check at all and
 * 40 s with the stamp on a loaded machine, as on main with 5,200 airports counted). An edit made
 * by hand in SQL is not seen until the worker restarts.
 */
const VERSION_KEY = 'airport_tables_version';

export async function readAirportTablesVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : '';
}

export async function bumpAirportTablesVersion(db: Db): Promise<void> {
  await sql`
    INSERT INTO app_meta (key, value, updated_at) VALUES (${VERSION_KEY}, ${JSON.stringify(randomUUID())}::jsonb, now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(db);
}
