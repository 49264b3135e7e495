import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AirframesTable, Database, Db } from '../db/database-schema.js';
import type { Airframe } from '../watchlist/airframe.js';
import type {
  ChangeContext,
  ChangePlanEntry,
  RemoveOutcome,
  StoredAirframe,
} from '../watchlist/airframe-change-plan.js';
import { setChangeContext } from './airframe-audit-repository.js';
import { type ColumnValues, recordsetColumns } from './table-columns.js';

/** The columns a plan writes, and their types in the JSON record set. */
const AIRFRAME_COLUMNS = {
  hex: 'text',
  registration: 'text',
  type_code: 'text',
  operator: 'text',
  reason: 'text',
  source: 'text',
} as const;
const AIRFRAME = recordsetColumns(AIRFRAME_COLUMNS);
/** `registration = v.registration, ...`: every written column but the key. */
const AIRFRAME_UPDATE = sql.raw(
  Object.keys(AIRFRAME_COLUMNS)
    .filter((name) => name !== 'hex')
    .map((name) => `${name} = v.${name}`)
    .join(', '),
);

function toStored(row: Selectable<AirframesTable>): StoredAirframe {
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

function toRecord(airframe: Airframe): ColumnValues<typeof AIRFRAME_COLUMNS> {
  return {
    hex: airframe.hex,
    registration: airframe.registration,
    type_code: airframe.typeCode,
    operator: airframe.operator,
    reason: airframe.reason,
    source: airframe.source,
  };
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

/**
 * A token that changes whenever the list may have: every insert, update and delete of airframes leaves
 * a row in airframe_changes (audit trigger), so the newest change id; and the table's file node,
 * because TRUNCATE fires no row trigger but always gives the table a new one. Both are index or
 * catalogue look-ups, so the check costs the same for 17 or 17,000 airframes.
 */
export async function watchlistToken(db: Db): Promise<string> {
  const result = await sql<{ token: string }>`
    SELECT coalesce((SELECT max(id) FROM airframe_changes), 0)::text || ':' || pg_relation_filenode('airframes')::text
      AS token`.execute(db);
  return result.rows[0]?.token ?? '';
}

/** Of these aircraft, those on the list (active). */
export async function activeHexesAmong(db: Db, hexes: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('airframes')
    .select('hex')
    .where('hex', 'in', [...hexes])
    .where('active', '=', true)
    .execute();
  return new Set(rows.map((r) => r.hex));
}

/** The stored airframes among these hexes (active or not), read 5,000 at a time. */
export async function storedAirframes(db: Db, hexes: readonly string[]): Promise<Map<string, StoredAirframe>> {
  const found = new Map<string, StoredAirframe>();
  for (let i = 0; i < hexes.length; i += 5000) {
    const chunk = hexes.slice(i, i + 5000);
    const rows = await db.selectFrom('airframes').selectAll().where('hex', 'in', chunk).execute();
    for (const row of rows) found.set(row.hex, toStored(row));
  }
  return found;
}

/** Writes a plan in bulk (one INSERT and one UPDATE), inside the caller's transaction. */
export async function writeAirframePlan(trx: Transaction<Database>, plan: readonly ChangePlanEntry[]): Promise<void> {
  // Records are made 5,000 at a time: a plan of 200k airframes is not copied whole once more.
  const inserts = plan.filter((entry) => entry.outcome === 'added');
  const updates = plan.filter((entry) => entry.outcome === 'updated' || entry.outcome === 'reactivated');
  const records = (entries: readonly ChangePlanEntry[], i: number) =>
    JSON.stringify(entries.slice(i, i + 5000).map((entry) => toRecord(entry.after)));
  for (let i = 0; i < inserts.length; i += 5000) {
    const chunk = records(inserts, i);
    await sql`
      INSERT INTO airframes (${AIRFRAME.names})
      SELECT ${AIRFRAME.names} FROM jsonb_to_recordset(${chunk}::jsonb) AS v(${AIRFRAME.definition})`.execute(trx);
  }
  for (let i = 0; i < updates.length; i += 5000) {
    await sql`
      UPDATE airframes a SET ${AIRFRAME_UPDATE}, active = true, updated_at = now()
      FROM jsonb_to_recordset(${records(updates, i)}::jsonb) AS v(${AIRFRAME.definition})
      WHERE a.hex = v.hex`.execute(trx);
  }
}

/** Deactivates an airframe, in one audited transaction; its row and its history stay. */
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
