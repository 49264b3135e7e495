import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../src/config/load-config.js';
import { AirportIndexCache } from '../src/pipeline/airport-index-cache.js';
import { alertLatencyBench } from './alert-latency-bench.js';
import { analystQueriesBench, loadHistory, storageBench } from './analyst-scale-bench.js';
import { openBenchDatabase } from './bench-database.js';
import { type BenchRow, renderTable } from './bench-row.js';
import { envInt, fmt } from './bench-stats.js';
import { engineThroughputBench } from './engine-throughput-bench.js';
import { pollCycleBench, seedBenchWatchlist } from './poll-cycle-bench.js';
import { probeBudgetBench } from './probe-budget-bench.js';
import { crashRecoveryBench } from './crash-recovery-bench.js';
import { replayIngestBench } from './replay-ingest-bench.js';
import { storageLayoutsBench } from './storage-layouts-bench.js';

/** The replay's aircraft a cycle (issue 13), each with the same total sightings (BENCH_REPLAY_SIGHTINGS). */
const REPLAY_SHAPES = [
  { aircraft: 2_000, listAll: true },
  { aircraft: 10_000, listAll: false },
] as const;

/**
 * `npm run bench`: every figure of issues 6 and 13 beside a baseline measured in the same run, as one table,
 * printed and saved to bench/results.md with the machine. Sizes can be lowered for a quick run:
 *   BENCH_POSITIONS (10,000,000)  BENCH_LEGS (100,000)  BENCH_REPLAY_SIGHTINGS (1,000,000)
 *   BENCH_AIRCRAFT (10,000)  BENCH_WATCHLIST (17,000)  BENCH_RUNS (3; query and cycle runs use more)
 * DATABASE_URL: run on that server (in a new database, dropped at the end); unset: an embedded server.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const size = {
    positions: envInt('BENCH_POSITIONS', 10_000_000),
    legs: envInt('BENCH_LEGS', 100_000),
    replay: envInt('BENCH_REPLAY_SIGHTINGS', 1_000_000),
    aircraft: envInt('BENCH_AIRCRAFT', 10_000),
    watchlist: envInt('BENCH_WATCHLIST', 17_000),
    runs: envInt('BENCH_RUNS', 3),
  };
  const log = (text: string) =>
    process.stderr.write(`[bench ${fmt((performance.now() - started) / 1000, 0)} s] ${text}\n`);
  log(`sizes ${JSON.stringify(size)}`);
  const bench = await openBenchDatabase();
  const rows: BenchRow[] = [];
  try {
    const config = validateConfig(
      { database: { url: bench.url }, log: { level: 'silent', format: 'json' } },
      'bench config',
    );
    const airports = await new AirportIndexCache().get(bench.db);

    // Before the 17,000-airframe watchlist is seeded: the probe budget is about the probes, with N listed.
    log('probe budget');
    rows.push(...(await probeBudgetBench(bench.db, bench.url, { silent: [0, 1, 8, 30] })));

    log('poll cycle');
    await seedBenchWatchlist(bench.db, size.watchlist, Math.min(1000, size.aircraft));
    rows.push(
      ...(await pollCycleBench(bench.url, {
        aircraft: size.aircraft,
        watchlist: size.watchlist,
        cycles: Math.max(10, size.runs * 3),
        pacedCycles: 4,
        pauseMs: 15_000,
      })),
    );

    log('tracking engine');
    rows.push(
      await engineThroughputBench(airports, { aircraft: size.aircraft, cycles: 30, runs: Math.max(9, size.runs) }),
    );

    // Issue 13: at 2,000 aircraft a cycle, all of them listed (the fixed per-aircraft writes dominate), and at
    // 10,000 with the seeded watchlist (about 1,200 tracked, the rest area traffic that is only stored).
    for (const { aircraft, listAll } of REPLAY_SHAPES) {
      log(`replay ingest, ${fmt(aircraft)} aircraft a cycle`);
      rows.push(
        ...(await replayIngestBench(bench.db, bench.url, config, {
          sightings: size.replay,
          aircraft,
          runs: size.runs,
          listAll,
        })),
      );
    }

    log('recovery after a crash');
    // The seeded watchlist lists the first 1,000 aircraft of the synthetic sky: all of them tracked.
    rows.push(
      await crashRecoveryBench(bench.db, config, {
        aircraft: Math.min(1000, size.aircraft),
        minutes: 60,
        runs: size.runs,
      }),
    );

    log('alert latency');
    rows.push(await alertLatencyBench(bench.db, bench.url, { runs: Math.max(3, size.runs) }));

    log('loading a year of history');
    await loadHistory(bench.db, bench.url, { positions: size.positions, legs: size.legs });
    log("analysts' queries");
    const analyst = await analystQueriesBench(bench.db, bench.url, { runs: 9 });
    rows.push(...analyst.rows);
    const explainFile = fileURLToPath(new URL('./explain-analyze.md', import.meta.url));
    writeFileSync(
      explainFile,
      "# EXPLAIN (ANALYZE, BUFFERS) of the analysts' queries\n\n" +
        'Written by `npm run bench` on the generated history.\n\n' +
        analyst.explains
          .map((e) => `## ${e.name}\n\n\`\`\`sql\n${e.text}\n\`\`\`\n\n\`\`\`\n${e.plan}\n\`\`\`\n`)
          .join('\n'),
    );

    log('storage');
    rows.push(await storageBench(bench.db));
    log('storage layouts');
    const layouts = await storageLayoutsBench(bench.db, bench.url);
    rows.push(layouts.row);
    writeFileSync(
      fileURLToPath(new URL('./storage-layouts.md', import.meta.url)),
      '# Storage layouts measured (issue 13, item 3)\n\n' +
        'Written by `npm run bench`: scratch tables filled with one month of the generated history, each ' +
        'behind a view giving the documented columns (see docs/performance.md).\n\n' +
        layouts.markdown,
    );

    const cpu = cpus();
    const machine = [
      `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} cores`,
      `- memory: ${fmt(totalmem() / 1_073_741_824, 1)} GiB`,
      `- Node.js ${process.version}, PostgreSQL ${bench.serverVersion} ` +
        `(${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded'})`,
      `- sizes: ${Object.entries(size)
        .map(([k, v]) => `${k}=${fmt(v)}`)
        .join(', ')}`,
      `- total bench time: ${fmt((performance.now() - started) / 1000)} s`,
    ].join('\n');
    const table = renderTable(rows);
    process.stdout.write(`\n${table}\n${machine}\n`);
    const resultsFile = fileURLToPath(new URL('./results.md', import.meta.url));
    writeFileSync(
      resultsFile,
      '# Benchmark results\n\n' +
        'Output of `npm run bench`: medians, each beside a baseline measured in the same run ' +
        '(see docs/performance.md).\n\n' +
        `${table}\n## Machine\n\n${machine}\n`,
    );
    log(`saved ${resultsFile}`);
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
