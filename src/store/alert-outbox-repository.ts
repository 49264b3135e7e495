import { type Kysely, sql, type Transaction } from 'kysely';
import type { AlertRuleName, AlertStatus, Database, Db } from '../db/database-schema.js';
import { type ColumnValues, recordsetColumns } from './table-columns.js';

/** An outbox row as delivery and the CLI read it. */
export interface AlertRow {
  id: string;
  rule: AlertRuleName;
  hex: string;
  legId: string | null;
  gapId: string | null;
  eventId: string | null;
  airport: string | null;
  eventAt: Date;
  dedupeKey: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  messageId: string | null;
  recipients: string[];
  subject: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** An alert to queue, as a rule raised it (alerts/alert-candidate.ts). */
export interface NewAlert {
  rule: AlertRuleName;
  hex: string;
  legKey: string | null;
  gapKey: string | null;
  /** Row ids, when the rule knows them (a gap judged in a later poll than its leg was written). */
  legId?: string | null;
  gapId?: string | null;
  eventId: string | null;
  airport: string | null;
  /** Data time of what happened, epoch ms. */
  at: number;
  dedupeKey: string;
  recipients: readonly string[];
  details: object;
}

/** A due alert as grouping into emails needs it (alerts/alert-grouping.ts). */
export interface DueAlert {
  id: string;
  hex: string;
  at: number;
  messageId: string | null;
}

/** The columns a new alert is written with, and their types in the JSON record set. */
const ALERT_COLUMNS = {
  rule: 'text',
  hex: 'text',
  leg_id: 'bigint',
  gap_id: 'bigint',
  event_id: 'bigint',
  airport: 'text',
  event_at: 'timestamptz',
  dedupe_key: 'text',
  details: 'jsonb',
  recipients: 'text[]',
  cycle_id: 'bigint',
} as const;
const ALERT = recordsetColumns(ALERT_COLUMNS);

type Row = Database['alerts'] extends infer T ? { [K in keyof T]: unknown } : never;

function toAlertRow(r: Record<keyof Row, unknown>): AlertRow {
  return {
    id: String(r.id),
    rule: r.rule as AlertRuleName,
    hex: r.hex as string,
    legId: r.leg_id === null ? null : String(r.leg_id),
    gapId: r.gap_id === null ? null : String(r.gap_id),
    eventId: r.event_id === null ? null : String(r.event_id),
    airport: r.airport as string | null,
    eventAt: r.event_at as Date,
    dedupeKey: r.dedupe_key as string,
    details: r.details as Record<string, unknown>,
    status: r.status as AlertStatus,
    attempts: r.attempts as number,
    lastError: r.last_error as string | null,
    nextAttemptAt: r.next_attempt_at as Date | null,
    messageId: r.message_id as string | null,
    recipients: r.recipients as string[],
    subject: r.subject as string | null,
    createdAt: r.created_at as Date,
    sentAt: r.sent_at as Date | null,
  };
}

/** A configured webhook as the outbox queues for it: its name, and the rules it takes. */
export interface WebhookRoute {
  name: string;
  rules: readonly AlertRuleName[];
}

/**
 * The ids of the legs the candidates name: the cycle's own, and the stored ones for legs the cycle did not
 * write (a cycle that only moved tracks on writes no leg, e.g. when a squawk alert names the open leg).
 */
async function withStoredLegIds(
  trx: Transaction<Database>,
  candidates: readonly NewAlert[],
  cycleLegIds: ReadonlyMap<string, string>,
): Promise<ReadonlyMap<string, string>> {
  const missing = [
    ...new Set(
      candidates.flatMap((c) => (c.legId == null && c.legKey && !cycleLegIds.has(c.legKey) ? [c.legKey] : [])),
    ),
  ];
  if (!missing.length) return cycleLegIds;
  const stored = await trx.selectFrom('legs').select(['id', 'leg_key']).where('leg_key', 'in', missing).execute();
  return new Map([...cycleLegIds, ...stored.map((r) => [r.leg_key, String(r.id)] as const)]);
}

/**
 * Writes alerts in the cycle's transaction, and for each new alert a pending delivery to every webhook that
 * takes its rule. The dedupe key is unique, so an alert derived again (a replay, a retried cycle) is not
 * written, nor posted, twice. Returns how many alerts were new.
 */
export async function insertAlerts(
  trx: Transaction<Database>,
  candidates: readonly NewAlert[],
  ids: { legIds: ReadonlyMap<string, string>; gapIds: ReadonlyMap<string, string>; cycleId: string | null },
  webhooks: readonly WebhookRoute[] = [],
): Promise<number> {
  if (!candidates.length) return 0;
  const legIds = await withStoredLegIds(trx, candidates, ids.legIds);
  const rows = candidates.map((c): ColumnValues<typeof ALERT_COLUMNS> => ({
    rule: c.rule,
    hex: c.hex,
    leg_id: c.legId ?? (c.legKey ? (legIds.get(c.legKey) ?? null) : null),
    gap_id: c.gapId ?? (c.gapKey ? (ids.gapIds.get(c.gapKey) ?? null) : null),
    event_id: c.eventId,
    airport: c.airport,
    event_at: new Date(c.at).toISOString(),
    dedupe_key: c.dedupeKey,
    details: c.details,
    recipients: [...c.recipients],
    cycle_id: ids.cycleId,
  }));
  const result = await sql<{ added: string }>`
    WITH inserted AS (
      INSERT INTO alerts (${ALERT.names})
      SELECT ${ALERT.names}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${ALERT.definition})
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id, rule
    ), queued AS (
      INSERT INTO alert_webhooks (alert_id, webhook)
      SELECT i.id, w.name
      FROM inserted i
      JOIN jsonb_to_recordset(${JSON.stringify(webhooks)}::jsonb) AS w(name text, rules text[])
        ON i.rule = ANY (w.rules)
      RETURNING 1
    )
    SELECT count(*) AS added FROM inserted`.execute(trx);
  return Number(result.rows[0]?.added ?? 0);
}

/** Pending alerts that are due at `now`, locked so no other process groups them at the same time. */
export async function lockDueAlerts(trx: Transaction<Database>, now: Date, limit: number): Promise<DueAlert[]> {
  const rows = await sql<{ id: string; hex: string; event_at: Date; message_id: string | null }>`
    SELECT id, hex, event_at, message_id FROM alerts
    WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
    ORDER BY id LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  return rows.rows.map((r) => ({ id: String(r.id), hex: r.hex, at: r.event_at.getTime(), messageId: r.message_id }));
}

/** Fixes the group of alerts that go in one email, before anything is sent. */
export async function assignMessageId(
  trx: Transaction<Database>,
  ids: readonly string[],
  messageId: string,
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({ message_id: messageId })
    .where('id', 'in', [...ids])
    .where('message_id', 'is', null)
    .execute();
}

/**
 * The pending alerts of one email, locked for the time of the send: another process skips them, and if this
 * one dies the lock goes with its connection, so the alert is sent again (same Message-ID) after a restart.
 */
export async function lockEmailGroup(trx: Transaction<Database>, messageId: string): Promise<AlertRow[]> {
  const rows = await sql<Record<keyof Row, unknown>>`
    SELECT * FROM alerts WHERE message_id = ${messageId} AND status = 'pending'
       ORDER BY event_at, id FOR UPDATE SKIP LOCKED`.execute(trx);
  return rows.rows.map(toAlertRow);
}

export async function markSent(
  trx: Transaction<Database>,
  ids: readonly string[],
  r: { subject: string; recipients: readonly string[]; at: Date; note: string | null },
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set((eb) => ({
      status: 'sent',
      attempts: eb('attempts', '+', 1),
      sent_at: r.at,
      subject: r.subject,
      recipients: [...r.recipients],
      last_error: r.note,
      next_attempt_at: null,
    }))
    .where('id', 'in', [...ids])
    .execute();
}

export async function markAttemptFailed(
  trx: Transaction<Database>,
  ids: readonly string[],
  r: { status: 'pending' | 'failed'; error: string; nextAttemptAt: Date | null; subject: string | null },
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set((eb) => ({
      status: r.status,
      attempts: eb('attempts', '+', 1),
      last_error: r.error,
      next_attempt_at: r.nextAttemptAt,
      ...(r.subject ? { subject: r.subject } : {}),
    }))
    .where('id', 'in', [...ids])
    .execute();
}

export async function listAlerts(
  db: Kysely<Database>,
  options: { status?: AlertStatus; limit: number },
): Promise<AlertRow[]> {
  let query = db.selectFrom('alerts').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  return (await query.execute()).map((r) => toAlertRow(r as unknown as Record<keyof Row, unknown>));
}

/**
 * Puts alerts back in the queue (`alerts retry`): one by id (pending or failed; a sent one is left alone),
 * or every failed one. They keep their Message-ID. Returns the ids requeued.
 */
export async function requeueAlerts(db: Kysely<Database>, which: { id: string } | { failed: true }): Promise<string[]> {
  let query = db.updateTable('alerts').set({ status: 'pending', next_attempt_at: null, attempts: 0 });
  query =
    'id' in which
      ? query.where('id', '=', which.id).where('status', '!=', 'sent')
      : query.where('status', '=', 'failed');
  return (await query.returning('id').execute()).map((r) => String(r.id));
}

/** One outbox row, or undefined. */
export async function alertById(db: Db, id: string): Promise<AlertRow | undefined> {
  const rows = await sql<Record<keyof Row, unknown>>`SELECT * FROM alerts WHERE id = ${id}`.execute(db);
  return rows.rows[0] === undefined ? undefined : toAlertRow(rows.rows[0]);
}
