import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Every cycle rewrites the engine state of every tracked aircraft that was heard (about 1,150 rows of
// ~550 bytes in the benchmark's cycle). The application only ever writes a whole row and reads it
// back whole; nothing queries inside it. As `json` (the text, checked on input) instead of `jsonb`
// (converted to a binary tree on input) the same upsert took about 18 ms instead of 27 ms.
// The table is internal (docs/schema.md), so its type is not part of the analysts' contract.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tracker_state ALTER COLUMN state TYPE json USING state::json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tracker_state ALTER COLUMN state TYPE jsonb USING state::jsonb`.execute(db);
}
