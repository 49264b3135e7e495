import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/database-schema.js';
import { setChangeContext } from '../store/airframe-audit-repository.js';
import { storedAirframes, writeAirframePlan } from '../store/airframes-repository.js';
import {
  type AirframeChange,
  type ChangeContext,
  type ChangePlanEntry,
  changedHexes,
  planChanges,
} from '../watchlist/airframe-change-plan.js';

/** Works out what each change would do, from the stored airframes, without writing. */
export async function planAirframeChanges(db: Db, changes: readonly AirframeChange[]): Promise<ChangePlanEntry[]> {
  return planChanges(changes, await storedAirframes(db, changedHexes(changes)));
}

/** Plans and writes changes in one audited transaction. */
export async function applyAirframeChanges(
  db: Kysely<Database>,
  changes: readonly AirframeChange[],
  context: ChangeContext,
): Promise<ChangePlanEntry[]> {
  return db.transaction().execute(async (trx) => {
    await setChangeContext(trx, context);
    const plan = await planAirframeChanges(trx, changes);
    await writeAirframePlan(trx, plan);
    return plan;
  });
}
