import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database-schema.js';
import { positionMonthOf } from '../src/store/position-months.js';
import { PositionPartitions } from '../src/store/position-partitions-repository.js';
import type { BenchRow } from './bench-row.js';
import { fmt, median, timed } from './bench-stats.js';

const AIRFRAMES = 2000;
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_S = 365 * 86_400;

/** The three analysts' questions of the issue, as an analyst would write them (see docs/queries.md). */
export const ANALYST_QUERIES: ReadonlyArray<{ name: string; figure: string; text: string }> = [
  {
    name: 'legs-touching-muha-in-a-month',
    figure: 'legs touching MUHA in a month',
    // Kept byte for byte (bench/explain-analyze.md shows it): long lines are split into concatenated pieces.
    text: [
      'SELECT id, registration, departure_airport, departed_at, arrival_airport, arrived_at, departure_inferred,' +
        ' arrival_inferred, gap_count, minutes_dark',
      'FROM leg_summary',
      "WHERE (departure_airport = 'MUHA' AND coalesce(departed_at, first_seen_at) >= '2025-10-01'" +
        " AND coalesce(departed_at, first_seen_at) < '2025-11-01')",
      "   OR (arrival_airport   = 'MUHA' AND coalesce(arrived_at, last_seen_at)  >= '2025-10-01'" +
        " AND coalesce(arrived_at, last_seen_at)  < '2025-11-01')",
      'ORDER BY coalesce(departed_at, first_seen_at)',
    ].join('\n'),
  },
  {
    name: 'one-airframe-route-for-a-year',
    figure: "one airframe's route for a year",
    text: [
      'SELECT observed_at, lat, lon, alt_baro_ft, on_ground',
      'FROM positions',
      "WHERE hex = '1003e8' AND observed_at >= '2025-01-01' AND observed_at < '2026-01-01'",
      'ORDER BY observed_at',
    ].join('\n'),
  },
  {
    name: 'gaps-within-300-km-of-svmi',
    figure: 'gaps within 300 km of SVMI',
    text: [
      'SELECT g.id, a.registration, g.started_at, g.ended_at,',
      '       round(distance_km(g.start_lat, g.start_lon, ap.lat, ap.lon)::numeric) AS dark_km_from_svmi,',
      '       round(distance_km(g.end_lat, g.end_lon, ap.lat, ap.lon)::numeric) AS back_km_from_svmi',
      'FROM transponder_gaps g',
      "JOIN airports ap ON ap.ident = 'SVMI'",
      'LEFT JOIN airframes a ON a.hex = g.hex',
      'WHERE (g.start_lat BETWEEN ap.lat - 2.7 AND ap.lat + 2.7' +
        ' AND distance_km(g.start_lat, g.start_lon, ap.lat, ap.lon) <= 300)',
      '   OR (g.end_lat BETWEEN ap.lat - 2.7 AND ap.lat + 2.7' +
        ' AND distance_km(g.end_lat, g.end_lon, ap.lat, ap.lon) <= 300)',
      'ORDER BY g.started_at',
    ].join('\n'),
  },
];

async function run(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A year (2025) of history generated in SQL: `positions` rows over 2,000 airframes (time-major, as a
 * live feed inserts them; 10% on the ground), `legs` legs between the large airports (plus MUHA, SVMI,
 * MNMG) and a transponder gap on every third leg. Loaded month by month, two months at a time.
 */
export async function loadHistory(
  db: Kysely<Database>,
  url: string,
  options: { positions: number; legs: number },
): Promise<void> {
  await sql`TRUNCATE positions, track_events, transponder_gaps, legs, tracker_state, poll_cycles CASCADE`.execute(db);
  const months = Array.from({ length: 12 }, (_, m) => positionMonthOf(Date.UTC(2025, m, 15)));
  await new PositionPartitions().ensure(db, months);
  const perAirframe = Math.max(1, Math.floor(options.positions / AIRFRAMES));
  const stepS = YEAR_S / perAirframe;
  const jobs = months.map((month) => {
    // One k more on each side: the WHERE below keeps each row in exactly one month's job.
    const k1 = Math.max(0, Math.floor((month.fromMs - YEAR_START) / 1000 / stepS) - 1);
    const k2 = Math.min(perAirframe - 1, Math.ceil((month.toMs - YEAR_START) / 1000 / stepS) + 1);
    return `INSERT INTO positions (hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg,
                             vertical_rate_fpm, squawk, callsign, source, matched_by, heard_by)
      SELECT to_hex(1048576 + h), timestamptz '2025-01-01 00:00+00' + make_interval(secs => k * ${stepS} + h * 0.5),
        ((h % 120) - 55) + (k % 100) * 0.013, ((h * 7) % 360) - 180 + (k % 100) * 0.017,
        CASE WHEN k % 10 = 0 THEN NULL ELSE 30000 + (k % 40) * 100 END, k % 10 = 0, 420.5, (k % 360)::real,
        CASE WHEN k % 10 = 0 THEN NULL ELSE (k % 7) * 64 END, '2000', 'BNC' || h, 'api.adsb.lol',
        CASE WHEN h < 1000 THEN 'watchlist' ELSE 'area' END,
        CASE WHEN k % 3 = 0 THEN 5 ELSE 1 END -- adsb.lol, a third of the rows also adsb.fi
      FROM generate_series(${k1}, ${k2}) k, generate_series(0, ${AIRFRAMES - 1}) h
      WHERE k * ${stepS} + h * 0.5 < ${YEAR_S}
        AND timestamptz '2025-01-01 00:00+00' + make_interval(secs => k * ${stepS} + h * 0.5)
            >= '${new Date(month.fromMs).toISOString()}'
        AND timestamptz '2025-01-01 00:00+00' + make_interval(secs => k * ${stepS} + h * 0.5)
            < '${new Date(month.toMs).toISOString()}'`;
  });
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) await run(url, job);
  };
  await Promise.all([worker(), worker()]);
  await sql`
    INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
    SELECT to_hex(1048576 + h), 'BN-' || h, 'IL76', 'Bench Air', 'benchmark', 'csv'
    FROM generate_series(0, ${AIRFRAMES - 1}) h
    ON CONFLICT (hex) DO NOTHING`.execute(db);
  await sql`CREATE TEMP TABLE bench_airports AS
    SELECT row_number() OVER (ORDER BY ident) AS rn, ident, lat, lon
    FROM airports WHERE type = 'large_airport' OR ident IN ('MUHA', 'SVMI', 'MNMG')`.execute(db);
  const stepLegS = Math.floor(YEAR_S / options.legs);
  await sql`
    INSERT INTO legs (leg_key, hex, departure_airport, arrival_airport,
                      departure_lat, departure_lon, arrival_lat, arrival_lon,
                      departed_at, arrived_at, first_seen_at, last_seen_at, status, callsign, matched_by)
    SELECT 'bench:' || s.g, to_hex(1048576 + s.g % ${AIRFRAMES}), d.ident, a.ident, d.lat, d.lon, a.lat, a.lon,
           s.t, s.t + interval '3 hours', s.t - interval '10 minutes', s.t + interval '3 hours 10 minutes',
           'landed', 'BNC' || s.g % ${AIRFRAMES}, 'watchlist'
    FROM (SELECT g, timestamptz '2025-01-01 00:00+00' + make_interval(secs => g * ${stepLegS}) AS t,
                 1 + (hashint4(g) & 2147483647) % n AS di, 1 + (hashint4(g + 7777777) & 2147483647) % n AS ai
          FROM generate_series(1, ${options.legs}) g, (SELECT count(*) AS n FROM bench_airports) c) s
    JOIN bench_airports d ON d.rn = s.di JOIN bench_airports a ON a.rn = s.ai`.execute(db);
  await sql`
    INSERT INTO transponder_gaps (gap_key, hex, leg_id, started_at, ended_at, start_lat, start_lon, start_alt_ft,
                                  end_lat, end_lon, end_alt_ft, end_on_ground, distance_km, implied_speed_kt)
    SELECT 'bench:' || l.id, l.hex, l.id, l.departed_at + interval '30 minutes', l.departed_at + interval '90 minutes',
           l.departure_lat + 1.5, l.departure_lon + 1.5, 30000,
           l.arrival_lat - 1, l.arrival_lon - 1, 20000, false, 500, 400
    FROM legs l WHERE l.id % 3 = 0`.execute(db);
  await run(url, 'VACUUM (ANALYZE) positions');
  await run(url, 'VACUUM (ANALYZE) legs, transponder_gaps, airframes, airports');
}

export interface AnalystResult {
  rows: BenchRow[];
  explains: Array<{ name: string; text: string; plan: string }>;
}

/**
 * Each query: one warm-up, then `runs` timed runs, as psql would see them: the round trip on one open
 * connection, rows received as text (no client-side parsing of dates and numbers). The server's own
 * execution time is read from EXPLAIN (ANALYZE, BUFFERS), whose output is kept for docs/.
 */
export async function analystQueriesBench(
  db: Kysely<Database>,
  url: string,
  options: { runs: number },
): Promise<AnalystResult> {
  const counts = await sql<{ p: string; l: string; g: string }>`
    SELECT (SELECT count(*) FROM positions) AS p, (SELECT count(*) FROM legs) AS l,
           (SELECT count(*) FROM transponder_gaps) AS g`.execute(db);
  const c = counts.rows[0]!;
  const rows: BenchRow[] = [];
  const explains: AnalystResult['explains'] = [];
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (value: string) => value } });
  await client.connect();
  try {
    for (const query of ANALYST_QUERIES) {
      await client.query(query.text);
      const ms: number[] = [];
      let n = 0;
      for (let i = 0; i < options.runs; i++) {
        const t = await timed(() => client.query(query.text));
        ms.push(t.ms);
        n = t.value.rowCount ?? 0;
      }
      const plan = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`).execute(db);
      const planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      explains.push({ name: query.name, text: query.text, plan: planText });
      const server = /Execution Time: ([\d.]+) ms/.exec(planText)?.[1];
      const value = median(ms);
      rows.push({
        figure:
          `analysts: ${query.figure} (${fmt(Number(c.p))} positions, ${fmt(Number(c.l))} legs, ` +
          `${fmt(Number(c.g))} gaps; ${n} rows)`,
        median: `${fmt(value, 1)} ms`,
        baseline: server ? `server execution: ${fmt(Number(server), 1)} ms` : '–',
        ratio: '–',
        target: '≤ 50 ms',
        met: value <= 50,
      });
    }
  } finally {
    await client.end();
  }
  return { rows, explains };
}

/**
 * Bytes per position row including indexes, for one full month of the generated history, against a
 * plain table of the documented columns with text/float8 types holding the same rows, inserted the
 * same way (with its primary key in place).
 */
export async function storageBench(db: Kysely<Database>): Promise<BenchRow> {
  const month = 'positions_y2025m03';
  await sql
    .raw(
      `CREATE TABLE bench_plain_positions (
      hex text NOT NULL, observed_at timestamptz NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL, alt_baro_ft float8,
      on_ground boolean NOT NULL, ground_speed_kt float8, track_deg float8, vertical_rate_fpm float8,
      squawk text, callsign text,
      source text NOT NULL, matched_by text NOT NULL, heard_by integer, PRIMARY KEY (hex, observed_at))`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO bench_plain_positions
      SELECT hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg,
      vertical_rate_fpm, squawk, callsign, source, matched_by, heard_by FROM ${month} ORDER BY observed_at, hex`,
    )
    .execute(db);
  await sql.raw('VACUUM (ANALYZE) bench_plain_positions').execute(db);
  const size = async (table: string) => {
    const r = await sql
      .raw<{ bytes: string; n: string }>(
        `SELECT pg_total_relation_size('${table}') AS bytes, (SELECT count(*) FROM ${table}) AS n`,
      )
      .execute(db);
    return Number(r.rows[0]!.bytes) / Number(r.rows[0]!.n);
  };
  const ours = await size(month);
  const split = await sql
    .raw<{ heap: string; indexes: string; n: string }>(
      `SELECT pg_relation_size('${month}') AS heap, pg_indexes_size('${month}') AS indexes,
              (SELECT count(*) FROM ${month}) AS n`,
    )
    .execute(db);
  const perRow = (bytes: string) => Number(bytes) / Number(split.rows[0]!.n);
  const plain = await size('bench_plain_positions');
  const whole = await sql<{ bytes: string; n: string }>`
    SELECT sum(pg_total_relation_size(i.inhrelid)) AS bytes, (SELECT count(*) FROM positions) AS n
    FROM pg_inherits i WHERE i.inhparent = 'positions'::regclass`.execute(db);
  const all = Number(whole.rows[0]!.bytes) / Number(whole.rows[0]!.n);
  await sql.raw('DROP TABLE bench_plain_positions').execute(db);
  return {
    figure:
      `storage per position row incl. indexes (one month, ${month}: heap ${fmt(perRow(split.rows[0]!.heap), 1)} B` +
      ` + indexes ${fmt(perRow(split.rows[0]!.indexes), 1)} B; all months: ${fmt(all, 1)} B)`,
    median: `${fmt(ours, 1)} B`,
    baseline: `plain table, text/float8: ${fmt(plain, 1)} B`,
    ratio: `${fmt(ours / plain, 2)}`,
    target: '≤ 100 B',
    met: ours <= 100,
  };
}
