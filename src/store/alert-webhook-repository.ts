import { type Kysely, sql, type Transaction } from 'kysely';
import type { AlertStatus, Database } from '../db/database-schema.js';

/** A webhook delivery claimed for an attempt. */
export interface DueWebhookDelivery {
  id: string;
  alertId: string;
  webhook: string;
  /** Attempts made before this one. */
  attempts: number;
}

/**
 * The oldest due webhook delivery, locked for the time of the attempt: another process skips it, and if this
 * one dies the lock goes with its connection, so it is posted again (same alert id) after a restart.
 */
export async function lockDueWebhookDelivery(
  trx: Transaction<Database>,
  now: Date,
  webhooks: readonly string[],
  skip: readonly string[] = [],
): Promise<DueWebhookDelivery | undefined> {
  if (!webhooks.length) return undefined;
  const rows = await sql<{ id: string; alert_id: string; webhook: string; attempts: number }>`
    SELECT id, alert_id, webhook, attempts FROM alert_webhooks
    WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
      AND webhook = ANY (${[...webhooks]}::text[]) AND NOT (id = ANY (${[...skip]}::bigint[]))
    ORDER BY next_attempt_at NULLS FIRST, id LIMIT 1
    FOR UPDATE SKIP LOCKED`.execute(trx);
  const r = rows.rows[0];
  return r && { id: String(r.id), alertId: String(r.alert_id), webhook: r.webhook, attempts: r.attempts };
}

/** Records one attempt: sent, or failed for now (pending, with the next attempt's time) or for good. */
export async function recordWebhookAttempt(
  trx: Transaction<Database>,
  id: string,
  r: {
    status: AlertStatus;
    httpStatus: number | null;
    error: string | null;
    at: Date;
    nextAttemptAt: Date | null;
  },
): Promise<void> {
  await trx
    .updateTable('alert_webhooks')
    .set((eb) => ({
      status: r.status,
      attempts: eb('attempts', '+', 1),
      last_status: r.httpStatus,
      last_error: r.error,
      next_attempt_at: r.nextAttemptAt,
      sent_at: r.status === 'sent' ? r.at : null,
    }))
    .where('id', '=', id)
    .execute();
}

export interface WebhookDeliveryRow {
  id: string;
  alertId: string;
  rule: string;
  hex: string;
  webhook: string;
  status: AlertStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
}

/** Webhook deliveries, newest first (`tailwatch alerts list`). */
export async function listWebhookDeliveries(
  db: Kysely<Database>,
  options: { status?: AlertStatus; limit: number },
): Promise<WebhookDeliveryRow[]> {
  let query = db
    .selectFrom('alert_webhooks as w')
    .innerJoin('alerts as a', 'a.id', 'w.alert_id')
    .select([
      'w.id',
      'w.alert_id',
      'a.rule',
      'a.hex',
      'w.webhook',
      'w.status',
      'w.attempts',
      'w.last_status',
      'w.last_error',
      'w.next_attempt_at',
      'w.sent_at',
    ])
    .orderBy('w.id', 'desc')
    .limit(options.limit);
  if (options.status) query = query.where('w.status', '=', options.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: String(r.id),
    alertId: String(r.alert_id),
    rule: r.rule,
    hex: r.hex,
    webhook: r.webhook,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at === null ? null : new Date(r.next_attempt_at),
    sentAt: r.sent_at === null ? null : new Date(r.sent_at),
  }));
}

/** Puts failed webhook deliveries back in the queue (`tailwatch alerts retry`). Returns their ids. */
export async function requeueWebhookDeliveries(db: Kysely<Database>, which: { alertId: string } | { failed: true }) {
  let query = db
    .updateTable('alert_webhooks')
    .set({ status: 'pending', next_attempt_at: null, attempts: 0 })
    .where('status', '=', 'failed');
  if ('alertId' in which) query = query.where('alert_id', '=', which.alertId);
  const rows = await query.returning('id').execute();
  return rows.map((r) => String(r.id));
}
