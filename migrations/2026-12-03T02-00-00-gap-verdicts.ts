import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports application code.
//
// Gap verdicts (docs/tracking.md#gap-verdicts, docs/schema.md): each transponder gap says what its silence
// most likely was (dark, coverage, outage, unknown) with the evidence summed over its polls, and
// coverage_probes keeps every observation that evidence was summed from, so a verdict can be audited and
// recomputed. Observations are keyed by the silence's gap key (`hex:start ms`), which the gap gets when it
// opens: a silence probed before it became a gap already has its rows.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE transponder_gaps
      ADD COLUMN verdict text NOT NULL DEFAULT 'unknown'
        CHECK (verdict IN ('dark', 'coverage', 'outage', 'unknown')),
      ADD COLUMN evidence_cycles integer NOT NULL DEFAULT 0,
      ADD COLUMN covered_cycles integer NOT NULL DEFAULT 0,
      ADD COLUMN outage_cycles integer NOT NULL DEFAULT 0,
      ADD COLUMN others_heard integer NOT NULL DEFAULT 0,
      ADD COLUMN nearest_other_km double precision,
      ADD COLUMN providers_checked text[] NOT NULL DEFAULT '{}',
      ADD COLUMN heard_without_position integer NOT NULL DEFAULT 0`.execute(db);
  await sql`CREATE INDEX transponder_gaps_verdict_idx ON transponder_gaps (verdict, started_at)`.execute(db);

  await sql`
    CREATE TABLE coverage_probes (
      id                     bigserial PRIMARY KEY,
      gap_key                text NOT NULL,
      hex                    text NOT NULL,
      observed_at            timestamptz NOT NULL,
      cycle_id               bigint REFERENCES poll_cycles (id) ON DELETE SET NULL,
      provider               text,
      source                 text NOT NULL CHECK (source IN ('probe', 'area', 'whole_sky', 'heard')),
      path                   text,
      expected_lat           double precision NOT NULL,
      expected_lon           double precision NOT NULL,
      alt_ft                 integer,
      radius_km              double precision NOT NULL,
      others_heard           integer NOT NULL,
      others_comparable      integer NOT NULL,
      nearest_other_km       double precision,
      nearest_other_hex      text,
      others_min_alt_ft      integer,
      others_max_alt_ft      integer,
      asked_for_hex          boolean NOT NULL,
      heard_without_position boolean NOT NULL,
      outage                 boolean NOT NULL,
      created_at             timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One observation per silence, poll, source, provider and request: a replay of the same recording adds none.
  await sql`
    CREATE UNIQUE INDEX coverage_probes_observation_key ON coverage_probes
      (gap_key, observed_at, source, coalesce(provider, ''), coalesce(path, ''))`.execute(db);
  await sql`CREATE INDEX coverage_probes_hex_idx ON coverage_probes (hex, observed_at)`.execute(db);
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') THEN
        GRANT SELECT ON coverage_probes TO tailwatch_analyst;
      END IF;
    END
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS coverage_probes`.execute(db);
  await sql`DROP INDEX IF EXISTS transponder_gaps_verdict_idx`.execute(db);
  await sql`
    ALTER TABLE transponder_gaps
      DROP COLUMN IF EXISTS verdict, DROP COLUMN IF EXISTS evidence_cycles, DROP COLUMN IF EXISTS covered_cycles,
      DROP COLUMN IF EXISTS outage_cycles, DROP COLUMN IF EXISTS others_heard, DROP COLUMN IF EXISTS nearest_other_km,
      DROP COLUMN IF EXISTS providers_checked, DROP COLUMN IF EXISTS heard_without_position`.execute(db);
}
