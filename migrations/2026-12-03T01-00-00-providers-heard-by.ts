import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Every provider is asked each cycle (issue 11): which ones reported a position is kept with it, as a
// bitmask in a smallint (2 bytes a row; the bits are named in feed_providers), and how each provider
// fared in a cycle is kept in poll_cycles.providers. Rows stored before this have heard_by NULL (only
// `source` is known for them). The well-known providers get fixed bits, so that a bit means the same
// provider in every deployment; any other name (a local server, a replayed `replay`) gets the next
// free bit when it is first stored, up to bit 13; bit 14 is shared by every name after that.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE feed_providers (
      bit smallint PRIMARY KEY CHECK (bit BETWEEN 0 AND 14),
      name text NOT NULL UNIQUE,
      first_stored_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    INSERT INTO feed_providers (bit, name) VALUES
      (0, 'adsb.lol'), (1, 'airplanes.live'), (2, 'adsb.fi'), (3, 'adsbexchange.com'),
      (4, 'opensky-network.org'), (14, '(other)')`.execute(db);
  await sql`ALTER TABLE positions ADD COLUMN heard_by smallint`.execute(db);
  await sql`ALTER TABLE poll_cycles ADD COLUMN providers jsonb`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON feed_providers TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE poll_cycles DROP COLUMN IF EXISTS providers`.execute(db);
  await sql`ALTER TABLE positions DROP COLUMN IF EXISTS heard_by`.execute(db);
  await sql`DROP TABLE IF EXISTS feed_providers`.execute(db);
}
