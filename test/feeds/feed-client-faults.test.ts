import { afterEach, describe, expect, it } from 'vitest';
import { isTailwatchError, type TailwatchError } from '../../src/errors/tailwatch-error.js';
import type { FeedClient } from '../../src/feeds/feed-client.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';
import type { FeedFault } from '../support/feed-faults.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { virtualTime } from '../support/feed-virtual-time.js';
import { FeedWorld } from '../support/feed-world.js';

const NOW = Date.UTC(2025, 9, 29, 16, 0, 0);
const servers: FeedServer[] = [];

function world(): FeedWorld {
  return new FeedWorld(NOW, [
    {
      hex: '1533ad',
      lat: 12.3,
      lon: -86.0,
      alt: 4500,
      gs: 230,
      track: 250,
      flight: 'AZS765',
      r: 'RA-78765',
      t: 'IL76',
      seenPos: 1.5,
    },
  ]);
}

async function servers2(): Promise<[FeedServer, FeedServer]> {
  const shared = world();
  const a = await startFeedServer({ world: shared });
  const b = await startFeedServer({ world: shared });
  servers.push(a, b);
  return [a, b];
}

async function failure(promise: Promise<unknown>): Promise<TailwatchError> {
  try {
    await promise;
  } catch (error) {
    if (isTailwatchError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function failureCodes(error: TailwatchError): string[] {
  return (error.details.failures as Array<{ code: string }>).map((f) => f.code);
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('FeedClient against a fake feed: retries and failover', () => {
  it('sends a User-Agent, parses the answer, and leaves the second provider alone', async () => {
    const [a, b] = await servers2();
    const { client } = feedClientFor([a, b]);
    const result = await client.get('/hex/1533ad');
    expect(result).toMatchObject({ provider: `127.0.0.1:${a.port}`, status: 200, attempts: 1 });
    expect(parseFeedResponse(result.body, result.provider).sightings[0]).toMatchObject({
      hex: '1533ad',
      observedAt: NOW - 1500,
    });
    expect(a.requests[0]?.headers['user-agent']).toMatch(/^tailwatch\/\d+\.\d+\.\d+/);
    expect(b.requests).toHaveLength(0);
  });

  it('times out a slow provider, retries it, then fails over', async () => {
    const [a, b] = await servers2();
    a.inject({ kind: 'delay', ms: 1000 });
    const { client } = feedClientFor([a, b], { retries: 1, timeoutMs: 200 });
    const started = performance.now();
    const result = await client.get('/hex/1533ad');
    expect(result.provider).toBe(`127.0.0.1:${b.port}`);
    expect(result.attempts).toBe(3);
    expect(a.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1000); // two 200 ms timeouts, not two 1 s delays
  });

  it.each([
    { name: 'delay-seconds', header: () => '2', expectedWait: 2000 },
    { name: 'an HTTP date', header: () => new Date(NOW + 3000).toUTCString(), expectedWait: 3000 },
    { name: 'one hour, capped at the maximum', header: () => '3600', expectedWait: 5000 },
  ])('honours a 429 Retry-After given as $name', async ({ header, expectedWait }) => {
    const [a, b] = await servers2();
    a.inject({ fault: { kind: 'status', status: 429, retryAfter: header() }, times: 1 });
    // The virtual clock starts at NOW, so the HTTP date is 3 s ahead of it.
    const { client, time } = feedClientFor([a, b], { retryPolicy: { maxRetryAfterMs: 5000 }, time: virtualTime(NOW) });
    const result = await client.get('/hex/1533ad');
    expect(result.provider).toBe(`127.0.0.1:${a.port}`);
    expect(a.requests).toHaveLength(2);
    expect(b.requests).toHaveLength(0);
    expect(time.sleeps).toContain(expectedWait);
  });

  it.each([500, 502, 503])('retries HTTP %d with jittered backoff, then fails over', async (status) => {
    const [a, b] = await servers2();
    a.inject({ kind: 'status', status });
    const { client, time } = feedClientFor([a, b], { retryPolicy: { baseDelayMs: 100, maxDelayMs: 1000 } });
    const result = await client.get('/type/IL76');
    expect(result.provider).toBe(`127.0.0.1:${b.port}`);
    expect(a.requests).toHaveLength(3);
    // random = 0.5: half of 100 then half of 200 (the 1 s rate-limit spacing is also slept on the virtual clock)
    expect(time.sleeps).toEqual(expect.arrayContaining([50, 100]));
  });

  it('retries a connection reset on the same provider', async () => {
    const [a, b] = await servers2();
    a.inject({ fault: { kind: 'reset' }, times: 1 });
    const { client } = feedClientFor([a, b]);
    const result = await client.get('/hex/1533ad');
    expect(result.provider).toBe(`127.0.0.1:${a.port}`);
    expect(a.requests).toHaveLength(2);
  });

  it.each<{ fault: FeedFault; code: string; message: RegExp }>([
    { fault: { kind: 'truncated' }, code: 'FEED_BAD_RESPONSE', message: /truncated JSON/ },
    { fault: { kind: 'malformed' }, code: 'FEED_BAD_RESPONSE', message: /malformed JSON/ },
    { fault: { kind: 'empty' }, code: 'FEED_BAD_RESPONSE', message: /empty body/ },
    { fault: { kind: 'status', status: 404 }, code: 'FEED_HTTP_FATAL', message: /HTTP 404/ },
    { fault: { kind: 'status', status: 403 }, code: 'FEED_ACCESS_DENIED', message: /access refused.*FEED_URLS/ },
    { fault: { kind: 'status', status: 401 }, code: 'FEED_ACCESS_DENIED', message: /HTTP 401, access refused/ },
    {
      fault: { kind: 'status', status: 200, body: '{"error":"no key"}' },
      code: 'FEED_BAD_RESPONSE',
      message: /ADSBx-v2/,
    },
    { fault: { kind: 'oversized' }, code: 'FEED_RESPONSE_TOO_LARGE', message: /larger than 1000000 bytes/ },
  ])(
    'does not retry $fault.kind $fault.status ($code) on the same provider, and fails over',
    async ({ fault, code, message }) => {
      const [a, b] = await servers2();
      a.inject(fault);
      const { client } = feedClientFor([a, b]);
      const result = await client.get('/hex/1533ad');
      expect(result.provider).toBe(`127.0.0.1:${b.port}`);
      expect(a.requests).toHaveLength(1);

      const { client: alone } = feedClientFor([a]);
      const error = await failure(alone.getFrom(`127.0.0.1:${a.port}`, '/hex/1533ad'));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    },
  );

  it('caps a 50 MB streamed body quickly', async () => {
    const [a] = await servers2();
    a.inject({ kind: 'oversized', bytes: 50 * 1024 * 1024 });
    const { client } = feedClientFor([a], { timeoutMs: 5000 });
    const started = performance.now();
    const error = await failure(client.get('/type/IL76'));
    expect(failureCodes(error)).toEqual(['FEED_RESPONSE_TOO_LARGE']);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses a redirect to another host, and follows one on the same host', async () => {
    const [a, b] = await servers2();
    a.inject({ fault: { kind: 'redirect', location: `http://localhost:${b.port}/v2/hex/1533ad` }, times: 1 });
    const { client } = feedClientFor([a]);
    const error = await failure(client.get('/hex/1533ad'));
    expect(failureCodes(error)).toEqual(['FEED_HTTP_FATAL']);
    expect(error.message).toContain('FEED_HTTP_FATAL');
    expect(b.requests).toHaveLength(0);

    a.inject({ fault: { kind: 'redirect', location: `/v2/icao/1533ad` }, times: 1 });
    const followed = await client.get('/hex/1533ad');
    expect(parseFeedResponse(followed.body, followed.provider).sightings).toHaveLength(1);
    expect(a.requests.map((r) => r.path)).toEqual(['/hex/1533ad', '/hex/1533ad', '/icao/1533ad']);
  });

  it('uses a response whose fields have the wrong types, nulling them', async () => {
    const [a] = await servers2();
    a.inject({ kind: 'wrong-types' });
    const { client } = feedClientFor([a]);
    const result = await client.get('/hex/1533ad');
    const parsed = parseFeedResponse(result.body, result.provider);
    expect(parsed.sightings[0]).toMatchObject({
      hex: '1533ad',
      groundSpeedKt: null,
      trackDeg: null,
      altBaroFt: null,
      squawk: null,
      callsign: null,
    });
    expect(parsed.nulledFields).toEqual({ gs: 1, track: 1, alt_baro: 1, squawk: 1, flight: 1 });
  });

  it('reports every provider when all fail, including one that refuses connections', async () => {
    const [a] = await servers2();
    const gone = await startFeedServer();
    const goneUrl = gone.url;
    await gone.close();
    a.inject({ kind: 'status', status: 503 });
    const { client }: { client: FeedClient } = feedClientFor([a, goneUrl]);
    const error = await failure(client.get('/hex/1533ad'));
    expect(error.code).toBe('FEED_ALL_PROVIDERS_FAILED');
    expect(failureCodes(error)).toEqual(['FEED_HTTP_RETRYABLE', 'FEED_HTTP_RETRYABLE']);
    expect(error.details.attempts).toBe(6);
    expect(error.message).toMatch(/check network access and FEED_URLS/);
  });
});
