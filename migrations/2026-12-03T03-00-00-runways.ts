import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Runways (OurAirports runways.csv, shipped in the default airports file) for runway-aware matching, and the
// runway each leg took off from and landed on (the end's ident, e.g. "27L"; null where no runway fits the
// track or the field has no runway data). leg_summary gains the two columns at its end.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE runways (
      id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      airport_ident    text NOT NULL,
      length_ft        integer,
      width_ft         integer,
      surface          text,
      closed           boolean NOT NULL DEFAULT false,
      le_ident         text NOT NULL,
      le_lat           double precision,
      le_lon           double precision,
      le_elevation_ft  integer,
      le_heading_degt  double precision,
      he_ident         text,
      he_lat           double precision,
      he_lon           double precision,
      he_elevation_ft  integer,
      he_heading_degt  double precision,
      source           text NOT NULL DEFAULT 'default'
    )`.execute(db);
  await sql`CREATE INDEX runways_airport_idx ON runways (airport_ident)`.execute(db);
  await sql`ALTER TABLE legs ADD COLUMN departure_runway text, ADD COLUMN arrival_runway text`.execute(db);
  await sql`
    CREATE OR REPLACE VIEW leg_summary AS
    SELECT l.id, l.hex, a.registration, a.type_code, a.operator,
           l.callsign, l.status, l.matched_by,
           l.departure_airport, dep.name AS departure_name, l.departed_at, l.departure_inferred,
           l.arrival_airport, arr.name AS arrival_name, l.arrived_at, l.arrival_inferred,
           l.first_seen_at, l.last_seen_at,
           coalesce(l.arrived_at, l.last_seen_at) - coalesce(l.departed_at, l.first_seen_at) AS duration,
           coalesce(g.gap_count, 0) AS gap_count,
           coalesce(g.minutes_dark, 0) AS minutes_dark,
           l.departure_runway, l.arrival_runway
    FROM legs l
    LEFT JOIN airframes a ON a.hex = l.hex
    LEFT JOIN airports dep ON dep.ident = l.departure_airport
    LEFT JOIN airports arr ON arr.ident = l.arrival_airport
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS gap_count,
             round((sum(extract(epoch FROM coalesce(t.ended_at, l.last_seen_at) - t.started_at)) / 60)::numeric,
                   1)::double precision AS minutes_dark
      FROM transponder_gaps t WHERE t.leg_id = l.id
    ) g ON true`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON runways TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP VIEW IF EXISTS leg_summary`.execute(db);
  await sql`
    CREATE VIEW leg_summary AS
    SELECT l.id, l.hex, a.registration, a.type_code, a.operator,
           l.callsign, l.status, l.matched_by,
           l.departure_airport, dep.name AS departure_name, l.departed_at, l.departure_inferred,
           l.arrival_airport, arr.name AS arrival_name, l.arrived_at, l.arrival_inferred,
           l.first_seen_at, l.last_seen_at,
           coalesce(l.arrived_at, l.last_seen_at) - coalesce(l.departed_at, l.first_seen_at) AS duration,
           coalesce(g.gap_count, 0) AS gap_count,
           coalesce(g.minutes_dark, 0) AS minutes_dark
    FROM legs l
    LEFT JOIN airframes a ON a.hex = l.hex
    LEFT JOIN airports dep ON dep.ident = l.departure_airport
    LEFT JOIN airports arr ON arr.ident = l.arrival_airport
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS gap_count,
             round((sum(extract(epoch FROM coalesce(t.ended_at, l.last_seen_at) - t.started_at)) / 60)::numeric,
                   1)::double precision AS minutes_dark
      FROM transponder_gaps t WHERE t.leg_id = l.id
    ) g ON true`.execute(db);
  await sql`ALTER TABLE legs DROP COLUMN IF EXISTS departure_runway, DROP COLUMN IF EXISTS arrival_runway`.execute(db);
  await sql`DROP TABLE IF EXISTS runways`.execute(db);
}
