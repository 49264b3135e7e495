import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Every accepted sighting. matched_by says why it was fetched: the watchlist, a watched type
  // (unlisted aircraft of e.g. IL76) or the area around a watched airport.
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

  await sql`
    CREATE TABLE legs (
      id                 bigserial PRIMARY KEY,
      leg_key            text NOT NULL UNIQUE,
      hex                text NOT NULL,
      departure_airport  text,
      arrival_airport    text,
      departure_lat      double precision,
      departure_lon      double precision,
      arrival_lat        double precision,
      arrival_lon        double precision,
      departed_at        timestamptz,
      arrived_at         timestamptz,
      departure_inferred boolean NOT NULL DEFAULT false,
      arrival_inferred   boolean NOT NULL DEFAULT false,
      first_seen_at      timestamptz NOT NULL,
      last_seen_at       timestamptz NOT NULL,
      status             text NOT NULL CHECK (status IN ('airborne', 'landed', 'lost')),
      callsign           text,
      matched_by         text NOT NULL DEFAULT 'watchlist' CHECK (matched_by IN ('watchlist', 'type', 'area')),
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX legs_hex_idx ON legs (hex, first_seen_at)`.execute(db);
  await sql`CREATE INDEX legs_departure_idx ON legs (departure_airport, departed_at)
    WHERE departure_airport IS NOT NULL`.execute(db);
  await sql`CREATE INDEX legs_arrival_idx ON legs (arrival_airport, arrived_at)
    WHERE arrival_airport IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE transponder_gaps (
      id               bigserial PRIMARY KEY,
      gap_key          text NOT NULL UNIQUE,
      hex              text NOT NULL,
      leg_id           bigint REFERENCES legs (id),
      started_at       timestamptz NOT NULL,
      ended_at         timestamptz,
      start_lat        double precision NOT NULL,
      start_lon        double precision NOT NULL,
      start_alt_ft     integer,
      start_on_ground  boolean NOT NULL DEFAULT false,
      end_lat          double precision,
      end_lon          double precision,
      end_alt_ft       integer,
      end_on_ground    boolean,
      distance_km      double precision,
      implied_speed_kt double precision,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX transponder_gaps_hex_idx ON transponder_gaps (hex, started_at)`.execute(db);
  await sql`CREATE INDEX transponder_gaps_leg_idx ON transponder_gaps (leg_id)`.execute(db);

  // Events as the engine emitted them (takeoff, landing, gap_opened, gap_closed, leg_opened,
  // leg_closed). event_key makes a replay of the same data insert nothing new.
  await sql`
    CREATE TABLE track_events (
      id          bigserial PRIMARY KEY,
      event_key   text NOT NULL UNIQUE,
      hex         text NOT NULL,
      kind        text NOT NULL,
      at          timestamptz NOT NULL,
      leg_id      bigint REFERENCES legs (id),
      gap_id      bigint REFERENCES transponder_gaps (id),
      airport     text,
      inferred    boolean,
      lat         double precision,
      lon         double precision,
      details     jsonb NOT NULL DEFAULT '{}',
      cycle_id    bigint,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX track_events_hex_idx ON track_events (hex, at)`.execute(db);

  // The tracking engine's state per aircraft, so that a restart continues where the last cycle
  // stopped. Internal: analysts should read legs, gaps and positions instead.
  await sql`
    CREATE TABLE tracker_state (
      hex        text PRIMARY KEY,
      state      jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE poll_cycles (
      id                 bigserial PRIMARY KEY,
      mode               text NOT NULL CHECK (mode IN ('poll', 'replay')),
      status             text NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
      started_at         timestamptz NOT NULL,
      finished_at        timestamptz NOT NULL,
      duration_ms        integer NOT NULL,
      fetch_ms           integer,
      process_ms         integer,
      store_ms           integer,
      data_time          timestamptz,
      requests           integer NOT NULL DEFAULT 0,
      failed_requests    integer NOT NULL DEFAULT 0,
      watchlist_size     integer NOT NULL DEFAULT 0,
      sightings          integer NOT NULL DEFAULT 0,
      positions_stored   integer NOT NULL DEFAULT 0,
      dropped            jsonb NOT NULL DEFAULT '{}',
      events             integer NOT NULL DEFAULT 0,
      legs_changed       integer NOT NULL DEFAULT 0,
      gaps_changed       integer NOT NULL DEFAULT 0,
      errors             jsonb NOT NULL DEFAULT '[]'
    )`.execute(db);
  await sql`CREATE INDEX poll_cycles_started_idx ON poll_cycles (started_at)`.execute(db);

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

  await sql`
    CREATE VIEW airframe_last_seen AS
    SELECT a.hex, a.registration, a.type_code, a.operator, a.active,
           p.observed_at AS last_seen_at, p.lat, p.lon, p.alt_baro_ft, p.on_ground, p.ground_speed_kt,
           p.callsign, p.source,
           near.ident AS nearest_airport, near.distance_km AS nearest_airport_km
    FROM airframes a
    LEFT JOIN LATERAL (
      SELECT * FROM positions p WHERE p.hex = a.hex ORDER BY p.observed_at DESC LIMIT 1
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

  // Great-circle distance for analysts' queries ("gaps within 300 km of SVMI").
  await sql`
    CREATE FUNCTION distance_km(lat1 double precision, lon1 double precision,
                                lat2 double precision, lon2 double precision)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT 2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
             + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
    $$`.execute(db);
  await sql`CREATE INDEX airports_lat_idx ON airports (lat)`.execute(db);

  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO tailwatch_analyst;
        GRANT EXECUTE ON FUNCTION distance_km(double precision, double precision, double precision, double precision)
          TO tailwatch_analyst;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP VIEW IF EXISTS airframe_last_seen, leg_summary`.execute(db);
  await sql`DROP FUNCTION IF EXISTS
    distance_km(double precision, double precision, double precision, double precision)`.execute(db);
  await sql`DROP TABLE IF EXISTS
    poll_cycles, tracker_state, track_events, transponder_gaps, legs, positions CASCADE`.execute(db);
  await sql`DROP INDEX IF EXISTS airports_lat_idx`.execute(db);
}
