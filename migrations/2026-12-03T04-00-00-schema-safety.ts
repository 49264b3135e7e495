import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Schema safety (issue 12). On PostgreSQL 14 and older, PUBLIC may create objects in `public`: an analyst
// could plant a function there (say a to_jsonb(airframes) that beats the built-in on argument type) that
// the audit trigger then runs as whoever edits the watchlist. So:
// - every function of ours pins its search_path (pg_catalog first, then this schema, pg_temp last), or,
//   for distance_km on PostgreSQL 14+, has a SQL-standard body (RETURN ...), whose names are bound when it
//   is created: a SET search_path would stop the planner inlining it, which made analysts' distance
//   queries 7 times slower (1.4 s against 0.2 s for 200,000 calls);
// - CREATE on this schema is revoked from PUBLIC (a no-op on 15+, where it is the default);
// - the analysts' role and its current members get a statement_timeout and an
//   idle_in_transaction_session_timeout, so a forgotten query or open transaction cannot hold the locks
//   that `prune` and the worker need. (Role settings are not inherited: each login needs its own, which
//   the embedded server's login gets at creation; docs/schema.md has the statement for other logins.)
// Each step that needs a privilege the migrating user may lack (managed servers) is skipped with a notice.

const ANALYST_STATEMENT_TIMEOUT = '5min';
const ANALYST_IDLE_IN_TRANSACTION_TIMEOUT = '2min';

const DISTANCE_KM = 'distance_km(double precision, double precision, double precision, double precision)';
const DISTANCE_KM_ARGS = 'lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision';
const DISTANCE_KM_BODY =
  '2 * 6371.0088 * pg_catalog.asin(least(1, pg_catalog.sqrt(' +
  'pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lat2 - lat1) / 2), 2) + ' +
  'pg_catalog.cos(pg_catalog.radians(lat1)) * pg_catalog.cos(pg_catalog.radians(lat2)) * ' +
  'pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lon2 - lon1) / 2), 2))))';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      EXECUTE format('ALTER FUNCTION airframes_audit() SET search_path = pg_catalog, %I, pg_temp', current_schema());
      IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE ${sql.lit(
          `CREATE OR REPLACE FUNCTION distance_km(${DISTANCE_KM_ARGS}) RETURNS double precision ` +
            `LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN ${DISTANCE_KM_BODY}`,
        )};
      ELSE
        EXECUTE format('ALTER FUNCTION ${sql.raw(DISTANCE_KM)} SET search_path = pg_catalog, %I, pg_temp',
          current_schema());
      END IF;
    END $$`.execute(db);
  await sql`
    DO $$
    BEGIN
      EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'tailwatch: no privilege to revoke CREATE on schema % from PUBLIC; see docs/schema.md',
        current_schema();
    END $$`.execute(db);
  await sql`
    DO $$
    DECLARE
      member name;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN RETURN; END IF;
      BEGIN
        EXECUTE format('ALTER ROLE tailwatch_analyst SET statement_timeout = %L',
          ${sql.lit(ANALYST_STATEMENT_TIMEOUT)});
        EXECUTE format('ALTER ROLE tailwatch_analyst SET idle_in_transaction_session_timeout = %L',
          ${sql.lit(ANALYST_IDLE_IN_TRANSACTION_TIMEOUT)});
        FOR member IN
          SELECT r.rolname FROM pg_auth_members m
            JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
          WHERE g.rolname = 'tailwatch_analyst' AND NOT r.rolsuper
        LOOP
          EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', member, ${sql.lit(ANALYST_STATEMENT_TIMEOUT)});
          EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', member,
            ${sql.lit(ANALYST_IDLE_IN_TRANSACTION_TIMEOUT)});
        END LOOP;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'tailwatch: no privilege to set the analysts'' timeouts; see docs/schema.md';
      END;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION airframes_audit() RESET search_path`.execute(db);
  await sql`ALTER FUNCTION ${sql.raw(DISTANCE_KM)} RESET search_path`.execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION distance_km(${DISTANCE_KM_ARGS}) RETURNS double precision ` +
        `LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${DISTANCE_KM_BODY} $$`,
    )
    .execute(db);
  // CREATE on the schema stays revoked, and the analysts' timeouts stay: both are safe to keep.
}
