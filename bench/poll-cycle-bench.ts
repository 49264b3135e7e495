import { type Kysely, sql } from 'kysely';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import type { Database } from '../src/db/database-schema.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt, median, timed } from './bench-stats.js';
import { benchHex, SyntheticTraffic } from './synthetic-traffic.js';

/** A watchlist of `size` airframes, the first `airborne` of which are among the synthetic traffic. */
export async function seedBenchWatchlist(db: Kysely<Database>, size: number, airborne: number): Promise<void> {
  const hexes = Array.from({ length: size }, (_, i) => (i < airborne ? benchHex(i) : benchHex(200_000 + i)));
  await sql`
    INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
    SELECT h, 'BENCH-' || n, 'B738', 'Bench Air', 'benchmark', 'csv' FROM unnest(${hexes}::text[]) WITH ORDINALITY AS t(h, n)
    ON CONFLICT (hex) DO NOTHING`.execute(db);
}

/**
 * One poll cycle: a `aircraft`-aircraft snapshot (ADSBx-v2 JSON text) against the watchlist, timed from
 * JSON.parse through validation, matching, tracking and the committed transaction (no network).
 * One warm-up cycle first (it creates every track); then `cycles` cycles 30 s of data time apart.
 * Baseline: JSON.parse of the same payloads. RSS: the largest resident set seen after a cycle, beside
 * the RSS of the same process before the first cycle (Node, tsx, pg and the bench's own code).
 */
export async function pollCycleBench(db: Kysely<Database>, config: Readonly<TailwatchConfig>, options: { aircraft: number; watchlist: number; cycles: number }): Promise<BenchRow[]> {
  const processor = new SnapshotProcessor(db, config, silentLogger);
  const traffic = new SyntheticTraffic(options.aircraft, Date.UTC(2025, 10, 3, 12), 5);
  const cycleMs: number[] = [];
  const parseMs: number[] = [];
  let rss = 0;
  let bytes = 0;
  const rssBefore = process.memoryUsage().rss;
  for (let c = -1; c < options.cycles; c++) {
    const text = JSON.stringify(traffic.response());
    bytes = Buffer.byteLength(text);
    const run = await timed(async () => {
      const body: unknown = JSON.parse(text);
      return processor.process({ mode: 'poll', responses: [{ provider: 'api.adsb.lol', path: null, purpose: 'area', body }], requests: 1, errors: [], startedAtMs: Date.now(), fetchMs: null });
    });
    if (run.value.status !== 'ok') throw new Error(`bench poll cycle ended ${run.value.status}`);
    if (c >= 0) {
      cycleMs.push(run.ms);
      parseMs.push((await timed(() => JSON.parse(text) as unknown)).ms);
    }
    rss = Math.max(rss, process.memoryUsage().rss);
    traffic.step();
  }
  const p50 = median(cycleMs);
  const parse = median(parseMs);
  const mb = rss / 1_048_576;
  return [
    {
      figure: `one poll cycle: ${fmt(options.aircraft)}-aircraft snapshot (${(bytes / 1_048_576).toFixed(1)} MB) vs ${fmt(options.watchlist)}-airframe watchlist, parse → persist, p50 of ${options.cycles}`,
      median: `${fmt(p50, 1)} ms`,
      baseline: `JSON.parse: ${fmt(parse, 1)} ms`,
      ratio: `${fmt(p50 / parse, 1)}`,
      target: '≤ 100 ms p50',
      met: p50 <= 100,
    },
    {
      figure: 'resident memory (RSS) during the poll cycles',
      median: `${fmt(mb)} MB`,
      baseline: `this process before the cycles: ${fmt(rssBefore / 1_048_576)} MB`,
      ratio: `${fmt(rss / rssBefore, 2)}`,
      target: '≤ 200 MB',
      met: mb <= 200,
    },
  ];
}
