import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedClient } from '../../src/feeds/feed-client.js';
import { buildFeedProviders } from '../../src/feeds/feed-provider.js';
import { planFeedQueries } from '../../src/feeds/feed-query-plan.js';
import { fetchSnapshot } from '../../src/feeds/feed-snapshot.js';
import { parseRecordedLine } from '../../src/feeds/recorded-line.js';
import { sightingsFromResponses } from '../../src/feeds/snapshot-sightings.js';
import type { Sighting } from '../../src/tracking/sighting.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { FeedWorld, worldStepsFromSightings, type WorldAircraft } from '../support/feed-world.js';

const NOW = Date.UTC(2025, 9, 29, 16, 0, 0);
const AIRPORTS = [
  { ident: 'SVMI', lat: 10.601194, lon: -66.991222 },
  { ident: 'MUHA', lat: 22.9892, lon: -82.4091 },
  { ident: 'MNMG', lat: 12.1415, lon: -86.1682 },
];
const WATCHLIST = ['1533ad', '152c2a'];

/** RA-78765 on final into Managua, RA-76807 on the ground at Caracas, a 737 near Havana, an A320 over Europe. */
const AIRCRAFT: WorldAircraft[] = [
  {
    hex: '1533ad',
    lat: 12.25,
    lon: -86.05,
    alt: 3200,
    gs: 180,
    track: 230,
    baroRate: -800,
    flight: 'AZS765',
    r: 'RA-78765',
    t: 'IL76',
    seenPos: 1.5,
  },
  { hex: '152c07', lat: 10.6, lon: -66.99, alt: 'ground', gs: 0, r: 'RA-76807', t: 'IL76', seenPos: 4 },
  { hex: '0d0abc', lat: 23.2, lon: -82.2, alt: 12000, gs: 320, t: 'B738', seenPos: 0.5 },
  { hex: '4ca123', lat: 52.3, lon: 4.76, alt: 37000, t: 'A320', seenPos: 0 },
  { hex: '~2d1b3c', lat: 12.2, lon: -86.1, alt: 1500 },
];

const servers: FeedServer[] = [];
async function server(options: Parameters<typeof startFeedServer>[0] = {}): Promise<FeedServer> {
  const started = await startFeedServer({ world: new FeedWorld(NOW, AIRCRAFT), ...options });
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const plan = () => planFeedQueries({ hexes: WATCHLIST, airports: AIRPORTS });

describe('fetchSnapshot against a fake feed', () => {
  it.each([{ gzip: false }, { gzip: true }])(
    'fetches a normal snapshot through hex, type and point routes (gzip $gzip)',
    async ({ gzip }) => {
      const feed = await server({ gzip });
      const { client } = feedClientFor([feed]);
      const lines: string[] = [];
      const snapshot = await fetchSnapshot(plan(), client, { onRawResponse: (line) => void lines.push(line) });

      expect(snapshot.errors).toEqual([]);
      expect(snapshot.requestCount).toBe(5);
      expect(snapshot.responses.map((r) => [r.path, r.purpose, r.status])).toEqual([
        ['/hex/152c2a,1533ad', 'watchlist', 200],
        ['/type/IL76', 'type', 200],
        ['/point/10.6012/-66.9912/250', 'area', 200],
        ['/point/22.9892/-82.4091/250', 'area', 200],
        ['/point/12.1415/-86.1682/250', 'area', 200],
      ]);
      // The raw answer is not kept beside the sightings; the recording holds it as received.
      expect(snapshot.responses.some((r) => 'body' in r || 'recordedLine' in r)).toBe(false);
      const managua = (JSON.parse(lines[4]!) as { response: { ac: Array<{ hex: string; dst: number; dir: number }> } })
        .response;
      expect(managua.ac.map((row) => row.hex)).toEqual(['~2d1b3c', '1533ad']);
      expect(managua.ac[1]?.dst).toBeGreaterThan(5);
      expect(managua.ac[1]?.dst).toBeLessThan(15);

      const result = sightingsFromResponses(snapshot.responses, { watchlistHexes: WATCHLIST });
      expect(result.asOf).toBe(NOW);
      expect(result.sightings.map((s) => [s.hex, s.observedAt, s.onGround])).toEqual([
        ['0d0abc', NOW - 500, false],
        ['152c07', NOW - 4000, true],
        ['1533ad', NOW - 1500, false],
      ]);
      expect(Object.fromEntries(result.purposeByHex)).toEqual({
        '0d0abc': 'area',
        '152c07': 'type',
        '1533ad': 'watchlist',
      });
      expect(result.dropped).toEqual({ non_icao_address: 1 });
    },
  );

  it('goes on with the other requests when every provider fails one of them', async () => {
    const a = await server();
    const b = await server();
    a.inject({ fault: { kind: 'status', status: 503 }, route: '/type/' });
    b.inject({ fault: { kind: 'reset' }, route: '/type/' });
    const { client } = feedClientFor([a, b]);
    const snapshot = await fetchSnapshot(plan(), client);
    expect(snapshot.errors).toEqual([
      {
        path: '/type/IL76',
        purpose: 'type',
        code: 'FEED_ALL_PROVIDERS_FAILED',
        message: expect.stringContaining(
          `/type/IL76 (127.0.0.1:${a.port}: FEED_HTTP_RETRYABLE (HTTP 503); ` +
            `127.0.0.1:${b.port}: FEED_HTTP_RETRYABLE (connection reset (ECONNRESET)))`,
        ),
        failures: [
          { provider: `127.0.0.1:${a.port}`, code: 'FEED_HTTP_RETRYABLE', reason: 'HTTP 503' },
          { provider: `127.0.0.1:${b.port}`, code: 'FEED_HTTP_RETRYABLE', reason: 'connection reset (ECONNRESET)' },
        ],
      },
    ]);
    expect(snapshot.responses.map((r) => r.path)).not.toContain('/type/IL76');
    expect(snapshot.responses).toHaveLength(4);
    expect(snapshot.requestCount).toBe(4 + 3 + 3);
  });

  it('fails over request by request: one provider answering the rest while the first is down', async () => {
    const a = await server();
    const b = await server();
    a.inject({ kind: 'status', status: 502 });
    const { client } = feedClientFor([a, b], { retries: 0 });
    const snapshot = await fetchSnapshot(plan(), client);
    expect(snapshot.errors).toEqual([]);
    expect(new Set(snapshot.responses.map((r) => r.provider))).toEqual(new Set([`127.0.0.1:${b.port}`]));
    expect(snapshot.requestCount).toBe(10);
  });

  it('dedupes an aircraft that two providers both serve (fan-out)', async () => {
    const shared = new FeedWorld(NOW, AIRCRAFT);
    const a = await server({ world: shared });
    const b = await server({ world: shared });
    const { client } = feedClientFor([a, b]);
    const snapshot = await fetchSnapshot(plan(), client, { mode: 'fan-out' });
    expect(snapshot.responses).toHaveLength(10);
    expect(a.requests).toHaveLength(5);
    expect(b.requests).toHaveLength(5);
    const result = sightingsFromResponses(snapshot.responses, { watchlistHexes: WATCHLIST });
    expect(result.sightings.map((s) => s.hex)).toEqual(['0d0abc', '152c07', '1533ad']);

    // The same responses in another order give the same sightings (same provider chosen for each).
    const reversed = sightingsFromResponses([...snapshot.responses].reverse(), { watchlistHexes: WATCHLIST });
    expect(reversed.sightings).toEqual(result.sightings);
  });

  it('records one JSONL line per response that replays to the very same sightings', async () => {
    const feed = await server();
    const { client } = feedClientFor([feed]);
    const lines: string[] = [];
    const snapshot = await fetchSnapshot(plan(), client, { onRawResponse: (line) => void lines.push(line) });
    expect(lines).toHaveLength(snapshot.responses.length);

    const replayed = lines.map((line, index) => parseRecordedLine(line, index + 1));
    const fromReplay = sightingsFromResponses(
      replayed.map((r) => ({ provider: r?.provider ?? null, path: r?.path, purpose: r?.purpose, body: r?.response })),
      { watchlistHexes: WATCHLIST },
    );
    expect(fromReplay).toEqual(sightingsFromResponses(snapshot.responses, { watchlistHexes: WATCHLIST }));
  });

  it('spaces requests to one provider by its rate limit, on the real clock', async () => {
    const feed = await server();
    const providers = buildFeedProviders({ urls: [feed.url], requestsPerSecond: 16, timeoutMs: 1000 });
    // Send times, taken as axios starts each request (arrival times jitter with connection set-up).
    const sentAt: number[] = [];
    const http = axios.create();
    http.interceptors.request.use((config) => {
      sentAt.push(performance.now());
      return config;
    });
    const client = new FeedClient({ providers, http });
    const start = performance.now();
    await fetchSnapshot(planFeedQueries({ hexes: WATCHLIST, types: ['IL76', 'A400', 'AN12'] }), client);
    expect(feed.requests).toHaveLength(4);
    expect(sentAt).toHaveLength(4);
    // Request i may not leave before i intervals of 63 ms (a load can only delay it further);
    // 2 ms of slack for the limiter's whole-millisecond clock.
    sentAt.forEach((at, i) => expect(at - start).toBeGreaterThanOrEqual(i * 63 - 2));
  });

  it('serves a world advanced poll by poll from generated sightings; a silent airframe vanishes', async () => {
    const base: Omit<Sighting, 'observedAt' | 'lat'> = {
      hex: '1533ad',
      lon: -80,
      altBaroFt: 31000,
      onGround: false,
      groundSpeedKt: 430,
      trackDeg: 0,
      verticalRateFpm: 0,
      squawk: null,
      callsign: 'AZS765',
      registration: 'RA-78765',
      typeCode: 'IL76',
      source: 'generator',
    };
    // Reports every 10 s for 2 minutes, then silence (transponder off) for 3 minutes, then one more.
    const generated: Sighting[] = [
      ...Array.from({ length: 13 }, (_, i) => ({ ...base, observedAt: NOW + i * 10_000, lat: 15 + i * 0.02 })),
      { ...base, observedAt: NOW + 300_000, lat: 17 },
    ];
    const feed = await server({ world: new FeedWorld(NOW) });
    const { client } = feedClientFor([feed]);
    const seen: Array<number | null> = [];
    for (const step of worldStepsFromSightings(generated, 30_000)) {
      feed.world.set(step);
      const snapshot = await fetchSnapshot(planFeedQueries({ hexes: ['1533ad'], types: [] }), client);
      const result = sightingsFromResponses(snapshot.responses);
      expect(result.asOf).toBe(step.nowMs);
      seen.push(result.sightings[0]?.observedAt ?? null);
    }
    // Polls at +0..+120 s see the latest report; +150 s and +180 s still list the +120 s one (30 and
    // 60 s old: the feeds list positions up to 60 s old); +210..+270 s list nothing; +300 s sees the last.
    expect(seen).toEqual([
      NOW,
      NOW + 30_000,
      NOW + 60_000,
      NOW + 90_000,
      NOW + 120_000,
      NOW + 120_000,
      NOW + 120_000,
      null,
      null,
      null,
      NOW + 300_000,
    ]);
  });
});
