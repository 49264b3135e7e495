import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database-schema.js';
import { SEED_HEX, SEED_REGISTRATION } from './trajectory-seed-scenario.js';

/** Puts the seed scenario's Il-76 on the watchlist; a test names the operator, reason or source it needs. */
export async function addSeedAirframe(
  db: Kysely<Database>,
  fields: { operator?: string | null; reason?: string; source?: string } = {},
): Promise<void> {
  await db
    .insertInto('airframes')
    .values({
      hex: SEED_HEX,
      registration: SEED_REGISTRATION,
      type_code: 'IL76',
      operator: fields.operator === undefined ? 'Aviacon Zitotrans' : fields.operator,
      reason: fields.reason ?? 'test',
      source: fields.source ?? 'test',
    })
    .execute();
}
