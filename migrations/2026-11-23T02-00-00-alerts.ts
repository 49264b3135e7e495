import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // The alert outbox. A row is written in the same transaction as the events that cause it and
  // delivered after commit. dedupe_key is unique: one alert per (rule, leg or gap, event), so a replay
  // of the same data adds nothing. message_id is fixed before the first send attempt and shared by the
  // alerts folded into one email, so a resend after a crash carries the same Message-ID.
  await sql`
    CREATE TABLE alerts (
      id              bigserial PRIMARY KEY,
      rule            text NOT NULL
                      CHECK (rule IN ('departure', 'arrival', 'went_dark', 'emergency_squawk', 'unlisted')),
      hex             text NOT NULL,
      leg_id          bigint REFERENCES legs (id),
      gap_id          bigint REFERENCES transponder_gaps (id),
      event_id        bigint REFERENCES track_events (id),
      airport         text,
      event_at        timestamptz NOT NULL,
      dedupe_key      text NOT NULL UNIQUE,
      details         jsonb NOT NULL DEFAULT '{}',
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts        integer NOT NULL DEFAULT 0,
      last_error      text,
      next_attempt_at timestamptz,
      message_id      text,
      recipients      text[] NOT NULL DEFAULT '{}',
      subject         text,
      cycle_id        bigint,
      created_at      timestamptz NOT NULL DEFAULT now(),
      sent_at         timestamptz
    )`.execute(db);
  await sql`CREATE INDEX alerts_pending_idx ON alerts (next_attempt_at NULLS FIRST, id)
    WHERE status = 'pending'`.execute(db);
  await sql`CREATE INDEX alerts_message_idx ON alerts (message_id) WHERE message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX alerts_hex_idx ON alerts (hex, event_at)`.execute(db);

  // Per-aircraft emergency-squawk state: the engine does not track squawks, so the alert rule keeps
  // which emergency code an aircraft shows and since when (data time). Internal.
  await sql`
    CREATE TABLE squawk_watch (
      hex          text PRIMARY KEY,
      squawk       text NOT NULL,
      since        timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      alerted      boolean NOT NULL DEFAULT false,
      updated_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON alerts, squawk_watch TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS squawk_watch, alerts`.execute(db);
}
