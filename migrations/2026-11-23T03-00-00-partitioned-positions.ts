import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// `positions` becomes a table partitioned by month (UTC) on observed_at, so that a year of history
// stays fast (a time range touches only its months) and retention drops whole months
// (`tailwatch prune`) instead of deleting rows. The data, the (hex, observed_at) key, the documented
// columns and the analysts' grants are kept. Partitions are named positions_yYYYYmMM; a default
// partition takes any row whose month has no partition yet, so an insert never fails.
//
// Storage: the columns keep their documented types but are ordered by alignment (8-byte, then 4-byte,
// then the boolean, then the short texts), which removes the padding the old order had after `hex`
// and `on_ground` (8 bytes a row). The rest of a row's cost is PostgreSQL's own: 24-32 bytes of tuple
// header, a 4-byte line pointer and about 28 bytes of primary-key entry (docs/performance.md).

const COLUMNS = `hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg,
  vertical_rate_fpm, squawk, callsign, source, matched_by`;

export async function up(db: Kysely<any>): Promise<void> {
  // airframe_last_seen reads positions; it is dropped and created again unchanged around the swap.
  await sql`DROP VIEW IF EXISTS airframe_last_seen`.execute(db);
  await sql`ALTER TABLE positions RENAME TO positions_unpartitioned`.execute(db);
  await sql`ALTER TABLE positions_unpartitioned
    RENAME CONSTRAINT positions_pkey TO positions_unpartitioned_pkey`.execute(db);
  await sql`ALTER INDEX positions_observed_at_idx RENAME TO positions_unpartitioned_observed_at_idx`.execute(db);

  await sql`
    CREATE TABLE positions (
      observed_at       timestamptz NOT NULL,
      lat               double precision NOT NULL,
      lon               double precision NOT NULL,
      alt_baro_ft       integer,
      ground_speed_kt   real,
      track_deg         real,
      vertical_rate_fpm integer,
      on_ground         boolean NOT NULL,
      hex               text NOT NULL,
      squawk            text,
      callsign          text,
      source            text NOT NULL,
      matched_by        text NOT NULL CHECK (matched_by IN ('watchlist', 'type', 'area')),
      CONSTRAINT positions_pkey PRIMARY KEY (hex, observed_at)
    ) PARTITION BY RANGE (observed_at)`.execute(db);
  // Within a month, time-range scans use a BRIN index (a few pages per partition).
  await sql`CREATE INDEX positions_observed_at_idx ON positions USING brin (observed_at)`.execute(db);
  await sql`CREATE TABLE positions_default PARTITION OF positions DEFAULT`.execute(db);

  // One partition per month that already holds data (UTC months), then the data itself.
  await sql`
    DO $$
    DECLARE
      m timestamp;
    BEGIN
      FOR m IN SELECT DISTINCT date_trunc('month', observed_at AT TIME ZONE 'UTC')
               FROM positions_unpartitioned ORDER BY 1 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
          'positions_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
          to_char(m, 'YYYY-MM-DD"T"00:00:00"+00"'),
          to_char(m + interval '1 month', 'YYYY-MM-DD"T"00:00:00"+00"'));
      END LOOP;
    END $$`.execute(db);
  await sql
    .raw(`INSERT INTO positions (${COLUMNS}) SELECT ${COLUMNS} FROM positions_unpartitioned ORDER BY hex, observed_at`)
    .execute(db);
  await sql`DROP TABLE positions_unpartitioned`.execute(db);

  await createLastSeenView(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);

  // Every cycle rewrites the open legs (last_seen_at) and the tracker state of every tracked aircraft.
  // Room left on each page lets PostgreSQL update those rows in place (HOT: no index writes).
  await sql`ALTER TABLE legs SET (fillfactor = 80)`.execute(db);
  await sql`ALTER TABLE tracker_state SET (fillfactor = 50)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE legs RESET (fillfactor)`.execute(db);
  await sql`ALTER TABLE tracker_state RESET (fillfactor)`.execute(db);
  await sql`DROP VIEW IF EXISTS airframe_last_seen`.execute(db);
  await sql`ALTER TABLE positions RENAME TO positions_partitioned`.execute(db);
  await sql`ALTER TABLE positions_partitioned RENAME CONSTRAINT positions_pkey TO positions_partitioned_pkey`.execute(
    db,
  );
  await sql`ALTER INDEX positions_observed_at_idx RENAME TO positions_partitioned_observed_at_idx`.execute(db);
  await sql`
    CREATE TABLE positions (
      hex               text NOT NULL,
      observed_at       timestamptz NOT NULL,
      lat               double precision NOT NULL,
      lon               double precision NOT NULL,
      alt_baro_ft       integer,
      on_ground         boolean NOT NULL,
      ground_speed_kt   real,
      track_deg         real,
      vertical_rate_fpm integer,
      squawk            text,
      callsign          text,
      source            text NOT NULL,
      matched_by        text NOT NULL CHECK (matched_by IN ('watchlist', 'type', 'area')),
      PRIMARY KEY (hex, observed_at)
    )`.execute(db);
  await sql`CREATE INDEX positions_observed_at_idx ON positions USING brin (observed_at)`.execute(db);
  await sql.raw(`INSERT INTO positions (${COLUMNS}) SELECT ${COLUMNS} FROM positions_partitioned`).execute(db);
  await sql`DROP TABLE positions_partitioned CASCADE`.execute(db);
  await createLastSeenView(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

/** The view as the tracking migration created it (column list spelled out instead of p.*). */
async function createLastSeenView(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE VIEW airframe_last_seen AS
    SELECT a.hex, a.registration, a.type_code, a.operator, a.active,
           p.observed_at AS last_seen_at, p.lat, p.lon, p.alt_baro_ft, p.on_ground, p.ground_speed_kt,
           p.callsign, p.source,
           near.ident AS nearest_airport, near.distance_km AS nearest_airport_km
    FROM airframes a
    LEFT JOIN LATERAL (
      SELECT p.observed_at, p.lat, p.lon, p.alt_baro_ft, p.on_ground, p.ground_speed_kt, p.callsign, p.source
      FROM positions p WHERE p.hex = a.hex ORDER BY p.observed_at DESC LIMIT 1
    ) p ON true
    LEFT JOIN LATERAL (
      SELECT ap.ident,
             round((2 * 6371.0088 * asin(sqrt(power(sin(radians(ap.lat - p.lat) / 2), 2)
               + cos(radians(p.lat)) * cos(radians(ap.lat)) * power(sin(radians(ap.lon - p.lon) / 2), 2))))::numeric,
                   1)::double precision AS distance_km
      FROM airports ap
      WHERE p.lat IS NOT NULL AND ap.lat BETWEEN p.lat - 1 AND p.lat + 1
      ORDER BY power(ap.lat - p.lat, 2) + power((ap.lon - p.lon) * cos(radians(p.lat)), 2)
      LIMIT 1
    ) near ON true`.execute(db);
}
