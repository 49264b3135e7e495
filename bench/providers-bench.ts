import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FeedClient } from '../src/feeds/feed-client.js';
import { buildFeedProviders, strictestLimits } from '../src/feeds/feed-provider.js';
import { planFeedQueries } from '../src/feeds/feed-query-plan.js';
import { fetchSnapshot } from '../src/feeds/feed-snapshot.js';
import { sightingsFromResponses } from '../src/feeds/snapshot-sightings.js';
import { startFeedServer, type FeedServer } from '../test/support/feed-server.js';
import { FeedWorld, type WorldAircraft } from '../test/support/feed-world.js';
import { startOpenSkyServer, type OpenSkyServer } from '../test/support/opensky-server.js';
import { envInt, fmt, median } from './bench-stats.js';
import { benchHex } from './synthetic-traffic.js';

/**
 * `npx tsx bench/providers-bench.ts`: what asking every provider costs a poll cycle (issue 11). Local
 * servers with a fixed answer latency (BENCH_LATENCY_MS, default 150) stand in for adsb.lol (1,000 hexes
 * per request), adsb.fi (about 1,000 characters: 142 hexes) and OpenSky (100 hexes a request); the
 * client runs with the shipped settings: 1 request/s per provider, the default plan (watchlist batches,
 * /type/IL76, /point around 3 airports; OpenSky asks the watchlist only). For each watchlist size and
 * provider set: HTTP requests a cycle (what the providers' quotas see) and the fetch time (the network
 * part of a cycle: the rest, parse to commit, is measured by `npm run bench`), median of BENCH_RUNS
 * cycles. Writes bench/providers-results.md.
 */
const LATENCY_MS = envInt('BENCH_LATENCY_MS', 150);
const RUNS = envInt('BENCH_RUNS', 3);
const WATCHLISTS = [93, 2000];
const NOW = Date.UTC(2025, 10, 3, 12, 0, 0);
const AIRPORTS = [
  { ident: 'SVMI', lat: 10.601194, lon: -66.991222 },
  { ident: 'MUHA', lat: 22.9892, lon: -82.4091 },
  { ident: 'MNMG', lat: 12.1415, lon: -86.1682 },
];

/** Some of the watchlist in the air, heard by every provider, plus traffic near the airports. */
function world(): FeedWorld {
  const aircraft: WorldAircraft[] = [];
  for (let i = 0; i < 40; i++) {
    aircraft.push({ hex: benchHex(i), lat: 10 + i * 0.3, lon: -80 + i * 0.2, alt: 30000, gs: 430, seenPos: 1 });
  }
  for (let i = 0; i < 60; i++) {
    const airport = AIRPORTS[i % 3]!;
    aircraft.push({
      hex: benchHex(100_000 + i),
      lat: airport.lat + 0.5,
      lon: airport.lon - 0.5,
      alt: 9000,
      seenPos: 2,
    });
  }
  return new FeedWorld(NOW, aircraft);
}

interface Setup {
  label: string;
  mode: 'fan-out' | 'failover';
  providers: Array<'adsb.lol' | 'adsb.fi' | 'opensky'>;
}

const SETUPS: Setup[] = [
  { label: '1 provider (adsb.lol)', mode: 'fan-out', providers: ['adsb.lol'] },
  { label: '2 providers, failover (before issue 11)', mode: 'failover', providers: ['adsb.lol', 'adsb.fi'] },
  { label: '2 providers, every one asked (adsb.lol, adsb.fi)', mode: 'fan-out', providers: ['adsb.lol', 'adsb.fi'] },
  {
    label: '3 providers, every one asked (+ OpenSky, in a cycle it is due)',
    mode: 'fan-out',
    providers: ['adsb.lol', 'adsb.fi', 'opensky'],
  },
];

const NOTES = [
  '## Reading it',
  '',
  "- Requests: every provider is asked its own plan, so a cycle sends the sum of the providers' plans. With the",
  '  93-airframe default watchlist that is 5 a provider. At 2,000 airframes adsb.lol takes 2 hex batches and',
  '  adsb.fi 15, so asking both (25) costs little more than failover (19), which plans every request for the',
  '  strictest provider.',
  "- Fetch time: the providers are asked side by side, each at its own 1 request/s, so a cycle's fetch takes",
  '  as long as its slowest provider, not the sum: 4.2 s with one provider or three at 93 airframes; at 2,000,',
  "  adsb.fi's 19 requests set it (18.2 s) with or without the others, and OpenSky's 20 requests (100 hexes",
  '  each) make it 19.2 s in the cycles it is due. All within the default 30 s schedule; a 17,000-airframe list',
  '  needs about 120 s at adsb.fi (docs/operations.md).',
  '- OpenSky credits: 4 a request without a bounding box (icao24 filters assumed not to lower it). At 93',
  '  airframes one request a turn, every 90 s: 3,840 of the 4,000 daily credits of a registered account. At',
  '  2,000 airframes a turn costs 80 credits: set feeds.opensky.everySeconds to at least 1,730 s, or raise',
  '  feeds.opensky.maxHexesPerRequest if OpenSky accepts longer URLs (unverified).',
  '- "heard by all": the local servers serve one world, so every provider times a position alike and it is',
  '  stored once with all of them in heard_by. OpenSky is not asked the airport circles (credits), so only the',
  '  40 watched aircraft are heard by all three. Real providers time a position a little differently (each',
  "  aggregator's own `now`); see docs/schema.md for how such reports are stored.",
];

async function main(): Promise<void> {
  const shared = world();
  const lol = await startFeedServer({ world: shared });
  const fi = await startFeedServer({ world: shared });
  const sky = await startOpenSkyServer({ world: shared, latencyMs: LATENCY_MS });
  const servers: Array<FeedServer | OpenSkyServer> = [lol, fi, sky];
  for (const server of [lol, fi]) server.inject({ kind: 'delay', ms: LATENCY_MS });
  const lines: string[] = [];
  try {
    for (const size of WATCHLISTS) {
      const hexes = Array.from({ length: size }, (_, i) => benchHex(i));
      for (const setup of SETUPS) {
        const providers = buildFeedProviders({
          urls: setup.providers.filter((p) => p !== 'opensky').map((p) => (p === 'adsb.lol' ? lol.url : fi.url)),
          opensky: setup.providers.includes('opensky')
            ? {
                clientId: sky.clientId,
                clientSecret: sky.clientSecret,
                apiUrl: sky.apiUrl,
                tokenUrl: sky.tokenUrl,
                everySeconds: 0,
              }
            : null,
          // The local adsb.lol stands in for the real one: its documented limits.
          overrides: { [`127.0.0.1:${lol.port}`]: { limits: { maxHexesPerRequest: 1000, maxPathLength: 8000 } } },
        });
        const client = new FeedClient({ providers });
        const plan = planFeedQueries({
          hexes,
          types: ['IL76'],
          airports: AIRPORTS,
          limits: strictestLimits(providers),
        });
        const requests: number[] = [];
        const fetchMs: number[] = [];
        let sightings = 0;
        let heardByAll = 0;
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          const snapshot = await fetchSnapshot(plan, client, { mode: setup.mode });
          fetchMs.push(performance.now() - started);
          requests.push(snapshot.requestCount);
          const merged = sightingsFromResponses(snapshot.responses, { watchlistHexes: hexes }).sightings;
          sightings = merged.length;
          heardByAll = merged.filter((s) => (s.heardBy?.length ?? 1) === setup.providers.length).length;
          // Let every provider's rate limiter free up between cycles, as the 30 s schedule does.
          await new Promise((resolve) => setTimeout(resolve, 1100));
        }
        const line =
          `| ${fmt(size)} | ${setup.label} | ${fmt(median(requests))} | ${fmt(median(fetchMs) / 1000, 1)} s | ` +
          `${fmt(sightings)} | ${setup.providers.length > 1 && setup.mode === 'fan-out' ? fmt(heardByAll) : '–'} |`;
        process.stderr.write(`${line}\n`);
        lines.push(line);
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
  const text = [
    '# Every provider each cycle: requests and fetch time (issue 11)',
    '',
    'Output of `npx tsx bench/providers-bench.ts` (see the file for the set-up): local servers answering',
    `after ${LATENCY_MS} ms, 1 request/s per provider, the default plan (watchlist, /type/IL76, /point around`,
    '3 airports; OpenSky: watchlist only, 100 hexes a request). Medians of ' + `${RUNS} cycles.`,
    '',
    '| watchlist | providers | HTTP requests a cycle | fetch time | sightings | heard by all |',
    '|---|---|---|---|---|---|',
    ...lines,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, Node.js ${process.version}.`,
    '',
    ...NOTES,
    '',
  ].join('\n');
  writeFileSync(fileURLToPath(new URL('./providers-results.md', import.meta.url)), text);
  process.stdout.write(text);
}

await main();
