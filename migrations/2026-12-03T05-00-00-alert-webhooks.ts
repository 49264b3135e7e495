import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Webhook deliveries: the second channel of the alert outbox. A row per (alert, configured webhook) is
// written in the same transaction as the alert, so a webhook delivery exists if and only if its alert does,
// and is delivered after commit with the same retries and backoff as email. The alert id a receiver sees
// (X-Tailwatch-Alert-Id) comes from the alert's dedupe key, so it is stable across retries and restarts.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE alert_webhooks (
      id              bigserial PRIMARY KEY,
      alert_id        bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      webhook         text NOT NULL,
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts        integer NOT NULL DEFAULT 0,
      last_status     integer,
      last_error      text,
      next_attempt_at timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      sent_at         timestamptz,
      UNIQUE (alert_id, webhook)
    )`.execute(db);
  await sql`CREATE INDEX alert_webhooks_pending_idx ON alert_webhooks (next_attempt_at NULLS FIRST, id)
    WHERE status = 'pending'`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON alert_webhooks TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS alert_webhooks`.execute(db);
}
