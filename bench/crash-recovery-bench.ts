import { type Kysely, sql } from 'kysely';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import type { Database } from '../src/db/database-schema.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import { loadTrackerState } from '../src/store/tracker-state-repository.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt, median, timed } from './bench-stats.js';
import { SyntheticTraffic } from './synthetic-traffic.js';

/**
 * Recovery after a crash: `aircraft` aircraft (the first `watched` of them on the watchlist, so tracked)
 * polled every 30 s for `minutes` of data time with no checkpoint after the first cycle, as a process
 * that died just before its next checkpoint leaves the database. Timed: loading the engine state as a
 * new process does (the checkpoint, then every tracked position stored since, moved on along).
 * Baseline: reading the very same rows with a plain query, in the same run.
 */
export async function crashRecoveryBench(
  db: Kysely<Database>,
  config: Readonly<TailwatchConfig>,
  options: { aircraft: number; minutes: number; runs: number },
): Promise<BenchRow> {
  await sql`TRUNCATE positions, track_events, transponder_gaps, legs, tracker_state, poll_cycles CASCADE`.execute(db);
  await sql`DELETE FROM app_meta WHERE key LIKE 'tracker_%'`.execute(db);
  const noCheckpoint = {
    ...config,
    tracking: { ...config.tracking, checkpoint: { everyCycles: 10_000, everySeconds: 86_400 } },
  };
  const processor = new SnapshotProcessor(db, noCheckpoint, silentLogger);
  const traffic = new SyntheticTraffic(options.aircraft, Date.UTC(2025, 6, 1), 33);
  const polls = Math.round((options.minutes * 60) / 30) + 1;
  for (let p = 0; p < polls; p++) {
    // As a live worker polls (a replay counts its checkpoint interval on the wall clock instead).
    await processor.process({
      mode: 'poll',
      responses: [{ provider: 'replay', path: '/point/0/0/11000', purpose: 'area', body: traffic.response() }],
      requests: 0,
      errors: [],
      startedAtMs: Date.now(),
      fetchMs: null,
    });
    traffic.step();
  }
  await sql`VACUUM ANALYZE positions`.execute(db);
  const loads: number[] = [];
  const reads: number[] = [];
  let replayed = 0;
  let tracks = 0;
  for (let run = 0; run < options.runs; run++) {
    const load = await timed(() => loadTrackerState(db));
    loads.push(load.ms);
    replayed = load.value.positionsReplayed;
    tracks = load.value.state.aircraft.length;
    const read = await timed(() =>
      sql`
        SELECT p.hex, p.observed_at, p.lat, p.lon, p.alt_baro_ft, p.on_ground, p.vertical_rate_fpm,
               p.ground_speed_kt, p.track_deg, p.callsign
        FROM positions p
        WHERE p.matched_by <> 'area'
          AND p.observed_at > (SELECT min(observed_at) FROM positions WHERE matched_by <> 'area')
        ORDER BY p.hex, p.observed_at`.execute(db),
    );
    reads.push(read.ms);
  }
  const loadMs = median(loads);
  const readMs = median(reads);
  return {
    figure:
      `recovery after a crash: engine state = last checkpoint + ${options.minutes} min of positions since ` +
      `(${fmt(tracks)} tracks, ${fmt(replayed)} positions moved on along; ${options.runs} runs)`,
    median: `${fmt(loadMs, 0)} ms`,
    baseline: `plain SELECT of those rows: ${fmt(readMs, 0)} ms`,
    ratio: `${fmt(loadMs / readMs, 2)}`,
    target: '–',
    met: null,
  };
}
