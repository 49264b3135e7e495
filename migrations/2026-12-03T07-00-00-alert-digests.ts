import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// The daily digest's outbox: one row per UTC day (the day its 24-hour window ends, in data time), so a
// restart, a second replica or a second `tailwatch alerts digest` the same day queues nothing twice. It is
// delivered like an alert email: locked while sent, retried with backoff, failed with the server's answer.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE alert_digests (
      day             date PRIMARY KEY,
      window_start    timestamptz NOT NULL,
      window_end      timestamptz NOT NULL,
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts        integer NOT NULL DEFAULT 0,
      last_error      text,
      next_attempt_at timestamptz,
      message_id      text NOT NULL,
      subject         text,
      recipients      text[] NOT NULL DEFAULT '{}',
      created_at      timestamptz NOT NULL DEFAULT now(),
      sent_at         timestamptz
    )`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON alert_digests TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS alert_digests`.execute(db);
}
