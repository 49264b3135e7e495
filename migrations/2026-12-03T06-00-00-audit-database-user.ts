import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// The audit trail's `changed_by` is what the writer claims (tailwatch.actor, the CLI's --by): any session
// that may write airframes can set it to anyone. `db_user` records the database login that made the
// change, which the writer cannot choose: the column's default, session_user, is evaluated when the audit
// trigger inserts the row. Rows written before this migration say 'unknown (before db_user was recorded)'.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE airframe_changes ADD COLUMN db_user text`.execute(db);
  await sql`UPDATE airframe_changes SET db_user = 'unknown (before db_user was recorded)'`.execute(db);
  await sql`ALTER TABLE airframe_changes ALTER COLUMN db_user SET DEFAULT session_user,
            ALTER COLUMN db_user SET NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE airframe_changes DROP COLUMN IF EXISTS db_user`.execute(db);
}
