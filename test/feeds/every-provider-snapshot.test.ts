import { afterEach, describe, expect, it } from 'vitest';
import { planFeedQueries } from '../../src/feeds/feed-query-plan.js';
import { fetchSnapshot } from '../../src/feeds/feed-snapshot.js';
import { sightingsFromResponses } from '../../src/feeds/snapshot-sightings.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { FeedWorld, type WorldAircraft } from '../support/feed-world.js';

const NOW = Date.UTC(2025, 9, 29, 16, 0, 0);
const WATCHLIST = ['1533ad', '152c2a', '152c07'];
const IL76_CRUISE: WorldAircraft = { hex: '1533ad', lat: 14.1, lon: -75.2, alt: 33000, gs: 430, seenPos: 1 };
const IL76_PARKED: WorldAircraft = { hex: '152c07', lat: 10.6, lon: -66.99, alt: 'ground', gs: 0, seenPos: 3 };

const servers: FeedServer[] = [];
async function server(aircraft: WorldAircraft[]): Promise<FeedServer> {
  const started = await startFeedServer({ world: new FeedWorld(NOW, aircraft) });
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const plan = () => planFeedQueries({ hexes: WATCHLIST, types: ['IL76'] });
const heard = (snapshot: Awaited<ReturnType<typeof fetchSnapshot>>) =>
  sightingsFromResponses(snapshot.responses, { watchlistHexes: WATCHLIST }).sightings.map((s) => [
    s.hex,
    s.heardBy ?? [s.source],
  ]);

describe('fetchSnapshot asks every provider (fan-out) and merges what they heard', () => {
  it('both hear an aircraft: one sighting, heard by both; each provider asked once per request', async () => {
    const a = await server([IL76_CRUISE, IL76_PARKED]);
    const b = await server([IL76_CRUISE]);
    const { client } = feedClientFor([a, b]);
    const snapshot = await fetchSnapshot(plan(), client, { mode: 'fan-out' });
    expect(snapshot.errors).toEqual([]);
    expect([a.requests.length, b.requests.length]).toEqual([2, 2]);
    expect(snapshot.requestCount).toBe(4);
    const [nameA, nameB] = [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`];
    // Only a heard the parked one; both heard the one in cruise.
    expect(heard(snapshot)).toEqual([
      ['152c07', [nameA]],
      ['1533ad', [nameA, nameB].sort()],
    ]);
    expect(snapshot.providers.map((p) => [p.provider, p.status, p.requests, p.answered])).toEqual([
      [nameA, 'ok', 2, 2],
      [nameB, 'ok', 2, 2],
    ]);
  });

  it('one provider down: the cycle has no error, the other one answers, the status says which failed', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    a.inject({ kind: 'status', status: 503 });
    const { client } = feedClientFor([a, b], { retries: 1 });
    const snapshot = await fetchSnapshot(plan(), client, { mode: 'fan-out' });
    expect(snapshot.errors).toEqual([]);
    expect(heard(snapshot)).toEqual([['1533ad', [`127.0.0.1:${b.port}`]]]);
    // Its first request fails after its retry: its second one is not sent (one request's retries, not two).
    expect(a.requests).toHaveLength(2);
    expect(snapshot.providers[0]).toMatchObject({ status: 'failed', requests: 2, failed: 2, attempts: 2 });
    expect(snapshot.providers[0]!.errors.map((e) => e.code)).toEqual(['FEED_HTTP_RETRYABLE', 'FEED_HTTP_RETRYABLE']);
    expect(snapshot.providers[1]).toMatchObject({ status: 'ok', answered: 2 });
  });

  it('a provider that times out costs the cycle one timeout, not one per request', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    a.inject({ kind: 'delay', ms: 2000 });
    const { client } = feedClientFor([a, b], { timeoutMs: 500, retries: 0 });
    const started = performance.now();
    const snapshot = await fetchSnapshot(
      planFeedQueries({ hexes: WATCHLIST, types: ['IL76', 'C17', 'A124'] }),
      client,
      {
        mode: 'fan-out',
      },
    );
    expect(performance.now() - started).toBeLessThan(1500); // one 500 ms timeout, not four in a row (2 s)
    expect(snapshot.errors).toEqual([]);
    expect(a.requests).toHaveLength(1);
    expect(snapshot.providers[0]).toMatchObject({ status: 'failed', requests: 4, failed: 4, attempts: 1 });
    expect(snapshot.providers[0]!.errors.map((e) => e.code)).toEqual(Array(4).fill('FEED_TIMEOUT'));
  });

  it('one provider answers 403 (airplanes.live without approval): asked once, skipped for the rest', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    b.inject({ kind: 'status', status: 403 });
    const { client } = feedClientFor([a, b]);
    const snapshot = await fetchSnapshot(planFeedQueries({ hexes: WATCHLIST, types: ['IL76', 'C17'] }), client, {
      mode: 'fan-out',
    });
    expect(snapshot.errors).toEqual([]);
    expect(b.requests).toHaveLength(1); // the 403 is not retried, and its two other requests are not sent
    const denied = snapshot.providers[1]!;
    expect(denied).toMatchObject({ status: 'failed', requests: 3, failed: 3, attempts: 1 });
    expect(denied.errors.map((e) => e.code)).toEqual(Array(3).fill('FEED_ACCESS_DENIED'));
    expect(denied.errors[0]!.message).toMatch(/HTTP 403, access refused.*FEED_URLS/);
    expect(heard(snapshot)).toEqual([['1533ad', [`127.0.0.1:${a.port}`]]]);
  });

  it('every provider down: the requests are errors naming each provider, never a throw', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    a.inject({ kind: 'reset' });
    b.inject({ kind: 'status', status: 403 });
    const { client } = feedClientFor([a, b], { retries: 0 });
    const snapshot = await fetchSnapshot(plan(), client, { mode: 'fan-out' });
    expect(snapshot.responses).toEqual([]);
    expect(snapshot.errors.map((e) => [e.path, e.code])).toEqual([
      ['/hex/152c07,152c2a,1533ad', 'FEED_ALL_PROVIDERS_FAILED'],
      ['/type/IL76', 'FEED_ALL_PROVIDERS_FAILED'],
    ]);
    expect(snapshot.errors[0]!.message).toContain(`127.0.0.1:${b.port}: FEED_ACCESS_DENIED`);
    expect(snapshot.providers.map((p) => p.status)).toEqual(['failed', 'failed']);
  });

  it("batches the watchlist for each provider's own limits, and covers a hex answered by another", async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    const [nameA, nameB] = [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`];
    const { client } = feedClientFor([a, b], {
      overrides: { [nameA]: { limits: { maxHexesPerRequest: 1, maxPathLength: 1000 } } },
    });
    // Planned for the strictest provider (one hex per request); b takes them in one request.
    a.inject({ fault: { kind: 'status', status: 404 }, route: '/hex/152c2a' });
    const strictPlan = planFeedQueries({ hexes: WATCHLIST, types: [], limits: { maxHexesPerRequest: 1 } });
    const snapshot = await fetchSnapshot(strictPlan, client, { mode: 'fan-out' });
    expect(a.requests.map((r) => r.path)).toEqual(['/hex/152c07', '/hex/152c2a', '/hex/1533ad']);
    expect(b.requests.map((r) => r.path)).toEqual(['/hex/152c07,152c2a,1533ad']);
    expect(snapshot.errors).toEqual([]); // b answered 152c2a
    expect(snapshot.providers[0]).toMatchObject({ status: 'partial', answered: 2, failed: 1 });

    // b down too: only the request for 152c2a is unanswered.
    b.inject({ kind: 'status', status: 404 });
    const worse = await fetchSnapshot(strictPlan, client, { mode: 'fan-out' });
    expect(worse.errors.map((e) => e.path)).toEqual(['/hex/152c2a']);
    expect(worse.errors[0]!.message).toContain(`${nameA}: FEED_HTTP_FATAL`);
    expect(worse.errors[0]!.message).toContain(`${nameB}: FEED_HTTP_FATAL`);
  });

  it('a second fetch in a cycle (a coverage probe) can ask exactly the providers the first one asked', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    const nameB = `127.0.0.1:${b.port}`;
    const { client } = feedClientFor([a, b], { overrides: { [nameB]: { cycleIntervalMs: 90_000 } } });
    const first = await fetchSnapshot(plan(), client, { mode: 'fan-out' });
    const asked = first.providers.filter((p) => p.status !== 'skipped').map((p) => p.provider);
    expect(asked).toHaveLength(2);
    // b's turn was taken by the first fetch: by turns it would be skipped, by name it is asked.
    const probe = planFeedQueries({
      hexes: [],
      types: [],
      airports: [{ ident: 'PROBE', lat: 14, lon: -75 }],
      radiusNm: 60,
    });
    const byTurn = await fetchSnapshot(probe, client, { mode: 'fan-out' });
    expect(byTurn.providers.map((p) => p.status)).toEqual(['ok', 'skipped']);
    const byName = await fetchSnapshot(probe, client, { mode: 'fan-out', providers: asked });
    expect(byName.providers.map((p) => p.status)).toEqual(['ok', 'ok']);
    expect(byName.responses.map((r) => [r.provider, r.path, r.purpose])).toEqual([
      [`127.0.0.1:${a.port}`, '/point/14/-75/60', 'area'],
      [nameB, '/point/14/-75/60', 'area'],
    ]);
    expect(sightingsFromResponses(byName.responses).sightings.map((s) => s.heardBy)).toEqual([
      [`127.0.0.1:${a.port}`, nameB].sort(),
    ]);
  });

  it('rate limits hold per provider: each spaced by its own interval, the providers side by side', async () => {
    const a = await server([IL76_CRUISE]);
    const b = await server([IL76_CRUISE]);
    const [nameA, nameB] = [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`];
    // Real timers: 400 ms between requests to a, 200 ms to b.
    const { client } = feedClientFor([a, b], {
      time: { clock: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), sleeps: [] },
      overrides: { [nameA]: { minIntervalMs: 400 }, [nameB]: { minIntervalMs: 200 } },
    });
    const fourRequests = planFeedQueries({ hexes: WATCHLIST, types: ['IL76', 'C17', 'A124'] });
    const started = performance.now();
    const snapshot = await fetchSnapshot(fourRequests, client, { mode: 'fan-out' });
    const elapsed = performance.now() - started;
    expect(snapshot.errors).toEqual([]);
    const gaps = (s: FeedServer) => s.requests.slice(1).map((r, i) => r.atMs - s.requests[i]!.atMs);
    // The limiter spaces the sends; arrivals vary by the connection's latency (the first opens it, and
    // the machine may be busy), hence the margin.
    expect(Math.min(...gaps(a))).toBeGreaterThanOrEqual(300);
    expect(Math.min(...gaps(b))).toBeGreaterThanOrEqual(150);
    // Side by side: about a's 3 × 400 ms, not a's and b's intervals added up (1200 + 600 ms).
    expect(elapsed).toBeGreaterThanOrEqual(1150);
    expect(elapsed).toBeLessThan(1700);
  });
});
