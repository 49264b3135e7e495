import type { Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';

/**
 * Per aircraft, the emergency code it shows, since when and when last seen (data time, epoch ms), and
 * whether it was alerted (alerts/emergency-squawk-watch.ts keeps it; squawk_watch stores it).
 */
export interface SquawkWatchState {
  squawk: string;
  since: number;
  lastSeenAt: number;
  alerted: boolean;
}

/** The stored states of these aircraft (those that have one). */
export async function squawkWatchStates(
  trx: Transaction<Database>,
  hexes: readonly string[],
): Promise<Map<string, SquawkWatchState>> {
  const rows = await trx
    .selectFrom('squawk_watch')
    .selectAll()
    .where('hex', 'in', [...hexes])
    .execute();
  return new Map(
    rows.map((r) => [
      r.hex,
      { squawk: r.squawk, since: r.since.getTime(), lastSeenAt: r.last_seen_at.getTime(), alerted: r.alerted },
    ]),
  );
}

/** Writes changed states, one aircraft at a time; null forgets the aircraft (back to a normal code). */
export async function saveSquawkWatchStates(
  trx: Transaction<Database>,
  changed: ReadonlyMap<string, SquawkWatchState | null>,
): Promise<void> {
  for (const [hex, state] of changed) {
    if (state === null) {
      await trx.deleteFrom('squawk_watch').where('hex', '=', hex).execute();
      continue;
    }
    const values = {
      squawk: state.squawk,
      since: new Date(state.since),
      last_seen_at: new Date(state.lastSeenAt),
      alerted: state.alerted,
    };
    await trx
      .insertInto('squawk_watch')
      .values({ hex, ...values })
      .onConflict((oc) => oc.column('hex').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  }
}
