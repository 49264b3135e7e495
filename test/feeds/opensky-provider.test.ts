import { afterEach, describe, expect, it } from 'vitest';
import { planFeedQueries } from '../../src/feeds/feed-query-plan.js';
import { fetchSnapshot } from '../../src/feeds/feed-snapshot.js';
import { sightingsFromResponses } from '../../src/feeds/snapshot-sightings.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor, type TestClientOptions } from '../support/feed-test-client.js';
import { FeedWorld, type WorldAircraft } from '../support/feed-world.js';
import { startOpenSkyServer, type OpenSkyServer } from '../support/opensky-server.js';

const NOW = Date.UTC(2025, 9, 29, 16, 0, 0);
const MUHA = { ident: 'MUHA', lat: 22.9892, lon: -82.4091 };
const WATCHLIST = ['1533ad', '152c07'];

const AIRCRAFT: WorldAircraft[] = [
  {
    hex: '1533ad',
    lat: 22.7,
    lon: -82.1,
    alt: 32000,
    gs: 430,
    track: 250,
    baroRate: -1000,
    flight: 'AZS765',
    squawk: '2000',
    seenPos: 2,
  },
  { hex: '152c07', lat: 10.6, lon: -66.99, alt: 'ground', gs: 0, seenPos: 4 },
  // Inside the bounding box around MUHA but outside the 100 nm circle (a corner of the box).
  { hex: '0d0abc', lat: 24.5, lon: -80.7, alt: 12000, seenPos: 0 },
  // Within 100 nm of MUHA.
  { hex: '0d0def', lat: 23.3, lon: -82.0, alt: 8000, seenPos: 1 },
];

const started: Array<FeedServer | OpenSkyServer> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function openSky(world = new FeedWorld(NOW, AIRCRAFT)): Promise<OpenSkyServer> {
  const server = await startOpenSkyServer({ world });
  started.push(server);
  return server;
}

function clientFor(
  sky: OpenSkyServer,
  adsbx: FeedServer[] = [],
  settings: Partial<NonNullable<TestClientOptions['opensky']>> = {},
  options: Omit<TestClientOptions, 'opensky'> = {},
) {
  return feedClientFor(adsbx, {
    ...options,
    opensky: {
      clientId: sky.clientId,
      clientSecret: sky.clientSecret,
      apiUrl: sky.apiUrl,
      tokenUrl: sky.tokenUrl,
      ...settings,
    },
  });
}

const statesRequests = (sky: OpenSkyServer) => sky.requests.filter((r) => r.path === '/api/states/all');
const tokenRequests = (sky: OpenSkyServer) => sky.requests.filter((r) => r.path === '/token');

describe('OpenSky as a provider, against a local server that speaks its protocol', () => {
  it('asks the watchlist as icao24 filters with a bearer token, in feet and knots like the v2 feeds', async () => {
    const sky = await openSky();
    const { client } = clientFor(sky);
    const plan = planFeedQueries({ hexes: WATCHLIST, types: ['IL76'], airports: [MUHA], radiusNm: 100 });
    const first = await fetchSnapshot(plan, client, { mode: 'fan-out' });

    // One token (client credentials in a form body), one states request: no /type (OpenSky has no
    // aircraft types), no /point (feeds.opensky.pointRequests is off by default: credits).
    expect(tokenRequests(sky)).toHaveLength(1);
    expect(Object.fromEntries(tokenRequests(sky)[0]!.form!)).toEqual({
      grant_type: 'client_credentials',
      client_id: sky.clientId,
      client_secret: sky.clientSecret,
    });
    expect(statesRequests(sky)).toHaveLength(1);
    expect(statesRequests(sky)[0]!.query.getAll('icao24')).toEqual(['152c07', '1533ad']);
    expect(statesRequests(sky)[0]!.headers.authorization).toMatch(/^Bearer [0-9a-f]+$/);

    expect(first.providers).toEqual([
      expect.objectContaining({ provider: `127.0.0.1:${sky.port}`, status: 'ok', requests: 1, attempts: 1 }),
    ]);
    // Nobody could ask the type and point requests: said so, naming what to check.
    expect(first.errors.map((e) => [e.path, e.code])).toEqual([
      ['/type/IL76', 'FEED_ALL_PROVIDERS_FAILED'],
      ['/point/22.9892/-82.4091/100', 'FEED_ALL_PROVIDERS_FAILED'],
    ]);
    expect(first.errors[0]!.message).toMatch(/No configured feed provider could be asked/);

    const result = sightingsFromResponses(first.responses, { watchlistHexes: WATCHLIST });
    expect(result.sightings).toEqual([
      expect.objectContaining({ hex: '152c07', observedAt: NOW - 4000, onGround: true, altBaroFt: null }),
      expect.objectContaining({
        hex: '1533ad',
        observedAt: NOW - 2000,
        lat: 22.7,
        lon: -82.1,
        altBaroFt: 32000,
        groundSpeedKt: 430,
        trackDeg: 250,
        verticalRateFpm: -1000,
        squawk: '2000',
        callsign: 'AZS765',
        source: `127.0.0.1:${sky.port}`,
      }),
    ]);
  });

  it('keeps its token for the next requests, and fetches a new one once after a 401', async () => {
    const sky = await openSky();
    const { client } = clientFor(sky, [], { everySeconds: 0 });
    const plan = planFeedQueries({ hexes: WATCHLIST, types: [] });
    await fetchSnapshot(plan, client, { mode: 'fan-out' });
    await fetchSnapshot(plan, client, { mode: 'fan-out' });
    expect(tokenRequests(sky)).toHaveLength(1);

    sky.revokeTokens();
    const after = await fetchSnapshot(plan, client, { mode: 'fan-out' });
    expect(after.errors).toEqual([]);
    expect(after.providers[0]).toMatchObject({ status: 'ok', answered: 1 });
    expect(tokenRequests(sky)).toHaveLength(2);
    expect(statesRequests(sky).map((r) => r.status)).toEqual([200, 200, 401, 200]);
  });

  it('wrong credentials: FEED_ACCESS_DENIED naming the settings, not retried; the other providers go on', async () => {
    const world = new FeedWorld(NOW, AIRCRAFT);
    const sky = await openSky(world);
    const feed = await startFeedServer({ world });
    started.push(feed);
    const { client } = clientFor(sky, [feed], { clientSecret: 'wrong' });
    const snapshot = await fetchSnapshot(planFeedQueries({ hexes: WATCHLIST, types: [] }), client, {
      mode: 'fan-out',
    });
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.responses.map((r) => r.provider)).toEqual([`127.0.0.1:${feed.port}`]);
    const skyStatus = snapshot.providers[1]!;
    expect(skyStatus).toMatchObject({ status: 'failed', requests: 1, failed: 1 });
    expect(skyStatus.errors[0]!.code).toBe('FEED_ACCESS_DENIED');
    expect(skyStatus.errors[0]!.message).toMatch(/OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET/);
    expect(skyStatus.errors[0]!.message).not.toContain('wrong');
    expect(tokenRequests(sky)).toHaveLength(1);
    expect(statesRequests(sky)).toHaveLength(0);
  });

  it('point requests, when asked for: a bounding box around the airport, cut to the circle', async () => {
    const sky = await openSky();
    const { client } = clientFor(sky, [], { pointRequests: true });
    const snapshot = await fetchSnapshot(
      planFeedQueries({ hexes: [], types: [], airports: [MUHA], radiusNm: 100 }),
      client,
      {
        mode: 'fan-out',
      },
    );
    expect(snapshot.errors).toEqual([]);
    const query = statesRequests(sky)[0]!.query;
    expect(Number(query.get('lamin'))).toBeCloseTo(22.9892 - 100 / 60, 3);
    expect(Number(query.get('lamax'))).toBeCloseTo(22.9892 + 100 / 60, 3);
    expect(Number(query.get('lomin'))).toBeLessThan(-82.4091 - 100 / 60); // wider in longitude at 23°N
    const hexes = sightingsFromResponses(snapshot.responses).sightings.map((s) => s.hex);
    expect(hexes).toEqual(['0d0def', '1533ad']); // 0d0abc is in the box's corner, beyond 100 nm
  });

  it('is asked at most once per everySeconds: the cycles between skip it and say so', async () => {
    const sky = await openSky();
    const { client, time } = clientFor(sky, [], { everySeconds: 90 });
    const plan = planFeedQueries({ hexes: WATCHLIST, types: [] });
    const statuses: string[] = [];
    for (const waitS of [0, 30, 30, 30]) {
      await time.sleep(waitS * 1000);
      statuses.push((await fetchSnapshot(plan, client, { mode: 'fan-out' })).providers[0]!.status);
    }
    expect(statuses).toEqual(['ok', 'skipped', 'skipped', 'ok']);
    expect(statesRequests(sky)).toHaveLength(2);
  });

  it('a 429 with X-Rate-Limit-Retry-After-Seconds holds its requests that long, then retries', async () => {
    const sky = await openSky();
    const { client, time } = clientFor(sky, [], {}, { retryPolicy: { maxRetryAfterMs: 60_000 } });
    sky.failStates(429, 1, 42);
    const snapshot = await fetchSnapshot(planFeedQueries({ hexes: WATCHLIST, types: [] }), client, {
      mode: 'fan-out',
    });
    expect(snapshot.providers[0]).toMatchObject({ status: 'ok', attempts: 2 });
    expect(time.sleeps).toContain(42_000);
  });
});
