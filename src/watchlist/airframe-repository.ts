import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { Airframe, AirframeFields } from './airframe.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredAirframe extends Airframe {
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChangeContext {
  /** Who made the change (operator name); recorded in airframe_changes.changed_by. */
  by: string;
  /** Which path made it, e.g. "cli add" or "import plane-alert-db list.csv". */
  via: string;
  note?: string | null;
}

/** One wanted state of an airframe: fields that are undefined keep their stored value. */
export interface AirframeChange {
  hex: string;
  fields: Partial<AirframeFields>;
  /** Reactivate the airframe if it was removed. */
  activate: boolean;
}

export type ChangeOutcome = 'added' | 'updated' | 'unchanged' | 'reactivated' | 'kept_removed';

export interface ChangePlanEntry {
  hex: string;
  outcome: ChangeOutcome;
  before: StoredAirframe | null;
  after: Airframe;
}

const FIELDS = ['registration', 'typeCode', 'operator', 'reason', 'source'] as const;

function toStored(row: {
  hex: string;
  registration: string | null;
  type_code: string | null;
  operator: string | null;
  reason: string | null;
  source: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}): StoredAirframe {
  return {
    hex: row.hex,
    registration: row.registration,
    typeCode: row.type_code,
    operator: row.operator,
    reason: row.reason,
    source: row.source,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Names the actor of the changes made in this transaction, for the audit trigger, and serialises
 * list edits (a transaction-scoped advisory lock), so two imports at once cannot both add a hex.
 */
export async function setChangeContext(trx: Transaction<Database>, context: ChangeContext): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tailwatch.airframes'))`.execute(trx);
  await sql`SELECT set_config('tailwatch.actor', ${context.by}, true), set_config('tailwatch.via', ${context.via}, true),
                   set_config('tailwatch.note', ${context.note ?? ''}, true)`.execute(trx);
}

export async function listAirframes(db: Db, options: { includeInactive?: boolean } = {}): Promise<StoredAirframe[]> {
  let query = db.selectFrom('airframes').selectAll().orderBy('hex');
  if (!options.includeInactive) query = query.where('active', '=', true);
  return (await query.execute()).map(toStored);
}

export async function getAirframe(db: Db, hex: string): Promise<StoredAirframe | null> {
  const row = await db.selectFrom('airframes').selectAll().where('hex', '=', hex).executeTakeFirst();
  return row ? toStored(row) : null;
}

/** The hexes the worker polls: read at every cycle, so list edits apply at the next poll. */
export async function activeWatchlist(db: Db): Promise<Airframe[]> {
  return (await listAirframes(db)).map(({ hex, registration, typeCode, operator, reason, source }) => ({
    hex,
    registration,
    typeCode,
    operator,
    reason,
    source,
  }));
}

async function storedByHex(db: Db, hexes: readonly string[]): Promise<Map<string, StoredAirframe>> {
  const found = new Map<string, StoredAirframe>();
  for (let i = 0; i < hexes.length; i += 5000) {
    const chunk = hexes.slice(i, i + 5000);
    const rows = await db.selectFrom('airframes').selectAll().where('hex', 'in', chunk).execute();
    for (const row of rows) found.set(row.hex, toStored(row));
  }
  return found;
}

/** Works out what each change would do, without writing. Later entries for the same hex win. */
export async function planAirframeChanges(db: Db, changes: readonly AirframeChange[]): Promise<ChangePlanEntry[]> {
  const merged = new Map<string, AirframeChange>();
  for (const change of changes) {
    const earlier = merged.get(change.hex);
    merged.set(
      change.hex,
      earlier
        ? {
            hex: change.hex,
            fields: { ...earlier.fields, ...definedOnly(change.fields) },
            activate: earlier.activate || change.activate,
          }
        : change,
    );
  }
  const stored = await storedByHex(db, [...merged.keys()]);
  const plan: ChangePlanEntry[] = [];
  for (const change of merged.values()) {
    const before = stored.get(change.hex) ?? null;
    const after: Airframe = {
      hex: change.hex,
      registration: null,
      typeCode: null,
      operator: null,
      reason: null,
      source: null,
    };
    for (const field of FIELDS) {
      const wanted = change.fields[field];
      after[field] = wanted !== undefined ? wanted : (before?.[field] ?? null);
    }
    let outcome: ChangeOutcome;
    if (!before) outcome = 'added';
    else if (!before.active && !change.activate) outcome = 'kept_removed';
    else if (!before.active) outcome = 'reactivated';
    else outcome = FIELDS.some((field) => before[field] !== after[field]) ? 'updated' : 'unchanged';
    plan.push({ hex: change.hex, outcome, before, after });
  }
  return plan.sort((a, b) => a.hex.localeCompare(b.hex));
}

function definedOnly(fields: Partial<AirframeFields>): Partial<AirframeFields> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<AirframeFields>;
}

function toRecord(airframe: Airframe) {
  return {
    hex: airframe.hex,
    registration: airframe.registration,
    type_code: airframe.typeCode,
    operator: airframe.operator,
    reason: airframe.reason,
    source: airframe.source,
  };
}

/** Writes a plan in bulk (one INSERT and one UPDATE), inside the caller's transaction. */
export async function writeAirframePlan(trx: Transaction<Database>, plan: readonly ChangePlanEntry[]): Promise<void> {
  const inserts = plan.filter((entry) => entry.outcome === 'added').map((entry) => toRecord(entry.after));
  const updates = plan
    .filter((entry) => entry.outcome === 'updated' || entry.outcome === 'reactivated')
    .map((entry) => toRecord(entry.after));
  for (let i = 0; i < inserts.length; i += 5000) {
    await sql`
      INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
      SELECT hex, registration, type_code, operator, reason, source
      FROM jsonb_to_recordset(${JSON.stringify(inserts.slice(i, i + 5000))}::jsonb)
        AS v(hex text, registration text, type_code text, operator text, reason text, source text)`.execute(trx);
  }
  for (let i = 0; i < updates.length; i += 5000) {
    await sql`
      UPDATE airframes a SET registration = v.registration, type_code = v.type_code, operator = v.operator,
        reason = v.reason, source = v.source, active = true, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 5000))}::jsonb)
        AS v(hex text, registration text, type_code text, operator text, reason text, source text)
      WHERE a.hex = v.hex`.execute(trx);
  }
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

export type RemoveOutcome = 'removed' | 'already_removed' | 'not_found';

/** Deactivates an airframe; its row and its history stay. */
export async function removeAirframe(
  db: Kysely<Database>,
  hex: string,
  context: ChangeContext,
): Promise<RemoveOutcome> {
  return db.transaction().execute(async (trx) => {
    await setChangeContext(trx, context);
    const row = await trx
      .selectFrom('airframes')
      .select(['active'])
      .where('hex', '=', hex)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'not_found';
    if (!row.active) return 'already_removed';
    await trx
      .updateTable('airframes')
      .set({ active: false, updated_at: sql`now()` })
      .where('hex', '=', hex)
      .execute();
    return 'removed';
  });
}

export interface AirframeChangeRow {
  id: string;
  hex: string;
  action: string;
  changedBy: string;
  changedAt: Date;
  via: string | null;
  note: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

export async function airframeHistory(db: Db, hex?: string): Promise<AirframeChangeRow[]> {
  let query = db.selectFrom('airframe_changes').selectAll().orderBy('id');
  if (hex) query = query.where('hex', '=', hex);
  return (await query.execute()).map((row) => ({
    id: String(row.id),
    hex: row.hex,
    action: row.action,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    via: row.via,
    note: row.note,
    oldValues: row.old_values,
    newValues: row.new_values,
  }));
}

/** Registration (normalised: upper case, no hyphens or spaces) → hex, over every known airframe. */
export async function knownRegistrations(
  db: Db,
): Promise<Map<string, { hex: string; typeCode: string | null; operator: string | null }>> {
  const rows = await db
    .selectFrom('airframes')
    .select(['hex', 'registration', 'type_code', 'operator'])
    .where('registration', 'is not', null)
    .execute();
  const map = new Map<string, { hex: string; typeCode: string | null; operator: string | null }>();
  for (const row of rows)
    map.set(row.registration!.toUpperCase().replace(/[\s-]/g, ''), {
      hex: row.hex,
      typeCode: row.type_code,
      operator: row.operator,
    });
  return map;
}
