import { type Kysely, sql } from 'kysely';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import { validateConfig } from '../src/config/load-config.js';
import type { Database } from '../src/db/database-schema.js';
import { createPollCycle } from '../src/pipeline/poll-cycle.js';
import { destinationPoint } from '../src/shared/geo.js';
import { startFeedServer, type FeedServer } from '../test/support/feed-server.js';
import type { WorldAircraft } from '../test/support/feed-world.js';
import { SVMI } from '../test/support/test-airports.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt } from './bench-stats.js';

/** Seconds between polls of a node-cron schedule of the form `*\/S * * * * *` (the default) or `0 *\/M ...`. */
export function pollIntervalSeconds(schedule: string): number {
  const fields = schedule.trim().split(/\s+/);
  const every = (field: string | undefined) => /^\*\/(\d+)$/.exec(field ?? '')?.[1];
  if (fields.length === 6 && every(fields[0])) return Number(every(fields[0]));
  if (fields.length === 6 && every(fields[1])) return 60 * Number(every(fields[1]));
  if (fields.length === 5 && every(fields[0])) return 60 * Number(every(fields[0]));
  return 60;
}

/** N watched airborne aircraft spread around Caracas, heading east at FL300. */
function fleet(n: number): WorldAircraft[] {
  return Array.from({ length: n }, (_, i) => {
    const p = destinationPoint(SVMI.lat, SVMI.lon, (i * 137.5) % 360, 50 + ((i * 37) % 400));
    return { hex: (0x7a0000 + i).toString(16), lat: p.lat, lon: p.lon, alt: 30_000, gs: 420, track: 90, t: 'B744' };
  });
}

interface BudgetRun {
  silent: number;
  /** Requests each provider received in the cycle with the fleet silent. */
  perProvider: number[];
  cycleMs: number;
}

/**
 * The probe budget: with N watched aircraft airborne and silent, how many requests one poll cycle sends to
 * each provider, and how long the cycle takes under the real rate limits (feeds.requestsPerSecond, default
 * 1/s per provider), against the default poll interval. Local feed servers stand in for the default
 * providers (as many as config.feeds.urls), so nothing is asked of the real ones. Each N: one poll that
 * hears the fleet, one 2 minutes later that hears none of it (probed: at most maxProbedAircraft).
 */
export async function probeBudgetBench(
  db: Kysely<Database>,
  url: string,
  options: { silent: readonly number[] },
): Promise<BenchRow[]> {
  const defaults = validateConfig({ database: { url } }, 'bench config');
  const intervalS = pollIntervalSeconds(defaults.poll.schedule);
  const providers = defaults.feeds.urls.length;
  const budget = Math.floor(intervalS * defaults.feeds.requestsPerSecond);
  const runs: BudgetRun[] = [];
  for (const n of options.silent) {
    const servers: FeedServer[] = [];
    for (let i = 0; i < providers; i++) servers.push(await startFeedServer());
    try {
      const aircraft = fleet(n);
      await sql`DELETE FROM tracker_state`.execute(db);
      for (const a of aircraft) {
        await sql`INSERT INTO airframes (hex, registration, type_code, reason, source)
          VALUES (${a.hex}, ${`N${a.hex}`}, 'B744', 'probe budget bench', 'csv') ON CONFLICT (hex) DO NOTHING`.execute(
          db,
        );
      }
      const config: Readonly<TailwatchConfig> = validateConfig(
        {
          database: { url },
          log: { level: 'silent', format: 'json' },
          feeds: { urls: servers.map((s) => s.url) },
        },
        'bench config',
      );
      const cycle = createPollCycle({ db, config, logger: silentLogger });
      const t0 = Date.UTC(2025, 10, 1, 12) + n * 3_600_000;
      for (const server of servers) server.world.set({ nowMs: t0, aircraft });
      await cycle();
      const before = servers.map((s) => s.requests.length);
      for (const server of servers) server.world.set({ nowMs: t0 + 120_000, aircraft: [] });
      const started = performance.now();
      await cycle();
      runs.push({
        silent: n,
        perProvider: servers.map((s, i) => s.requests.length - before[i]!),
        cycleMs: performance.now() - started,
      });
    } finally {
      for (const server of servers) await server.close();
      await sql`DELETE FROM airframes WHERE reason = 'probe budget bench'`.execute(db);
      await sql`DELETE FROM tracker_state`.execute(db);
    }
  }
  const most = Math.max(...runs.flatMap((r) => r.perProvider));
  const slowest = Math.max(...runs.map((r) => r.cycleMs));
  const list = (f: (r: BudgetRun) => string) => runs.map((r) => `${r.silent} silent: ${f(r)}`).join('; ');
  return [
    {
      figure:
        `probe budget: requests per provider in one poll with N watched aircraft silent ` +
        `(${providers} providers; probes capped at ${defaults.tracking.verdicts.maxProbedAircraft} aircraft; ` +
        `${list((r) => r.perProvider.join('/'))})`,
      median: `${most} requests (most to one provider)`,
      baseline: `budget: ${fmt(intervalS)} s poll × ${fmt(defaults.feeds.requestsPerSecond)} req/s = ${budget}`,
      ratio: fmt(most / budget, 2),
      target: `≤ ${budget} per provider per poll`,
      met: most <= budget,
    },
    {
      figure:
        `probe budget: one poll's wall time under the real rate limits (${fmt(defaults.feeds.requestsPerSecond)} ` +
        `req/s per provider) with N silent (${list((r) => `${fmt(r.cycleMs / 1000, 1)} s`)})`,
      median: `${fmt(slowest / 1000, 1)} s (slowest)`,
      baseline: `poll interval: ${fmt(intervalS)} s`,
      ratio: fmt(slowest / 1000 / intervalS, 2),
      target: `≤ ${fmt(intervalS)} s`,
      met: slowest / 1000 <= intervalS,
    },
  ];
}
