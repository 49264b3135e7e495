import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database-schema.js';
import type { ChangeContext } from '../watchlist/airframe-change-plan.js';

/**
 * Names the actor of the changes made in this transaction, for the audit trigger, and serialises
 * list edits (a transaction-scoped advisory lock), so two imports at once cannot both add a hex.
 */
export async function setChangeContext(trx: Transaction<Database>, context: ChangeContext): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tailwatch.airframes'))`.execute(trx);
  await sql`SELECT set_config('tailwatch.actor', ${context.by}, true),
                   set_config('tailwatch.via', ${context.via}, true),
                   set_config('tailwatch.note', ${context.note ?? ''}, true)`.execute(trx);
}

/** One row of airframe_changes, written by the audit trigger. */
export interface AirframeChangeRow {
  id: string;
  hex: string;
  action: string;
  changedBy: string;
  /** The database login that made it (the writer cannot set this one). */
  dbUser: string;
  changedAt: Date;
  via: string | null;
  note: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

/** The audit trail, oldest first: of one airframe, or of all. */
export async function airframeHistory(db: Db, hex?: string): Promise<AirframeChangeRow[]> {
  let query = db.selectFrom('airframe_changes').selectAll().orderBy('id');
  if (hex) query = query.where('hex', '=', hex);
  return (await query.execute()).map((row) => ({
    id: String(row.id),
    hex: row.hex,
    action: row.action,
    changedBy: row.changed_by,
    dbUser: row.db_user,
    changedAt: row.changed_at,
    via: row.via,
    note: row.note,
    oldValues: row.old_values,
    newValues: row.new_values,
  }));
}
