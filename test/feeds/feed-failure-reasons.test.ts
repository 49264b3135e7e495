import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { feedFailureReason, networkReason } from '../../src/feeds/feed-failure-reason.js';
import { planFeedQueries } from '../../src/feeds/feed-query-plan.js';
import { fetchSnapshot } from '../../src/feeds/feed-snapshot.js';
import { feedClientFor } from '../support/feed-test-client.js';

/** A local port that nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// A name under the reserved .invalid TLD never resolves (RFC 6761): no network is needed to fail it.
const UNRESOLVABLE = 'http://feeds.tailwatch.invalid/v2';
const C0_C1 = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('a feed failure carries its underlying reason', () => {
  it.each(['fan-out', 'failover'] as const)(
    'the summary of a request every provider failed names each provider, its code and why (%s)',
    async (mode) => {
      const port = await closedPort();
      const { client } = feedClientFor([`http://127.0.0.1:${port}/v2`, UNRESOLVABLE], { retries: 0 });
      const snapshot = await fetchSnapshot(planFeedQueries({ hexes: ['1533ad'], types: [] }), client, { mode });

      expect(snapshot.responses).toEqual([]);
      expect(snapshot.errors).toHaveLength(1);
      const summary = snapshot.errors[0]!;
      expect(summary.code).toBe('FEED_ALL_PROVIDERS_FAILED');
      expect(summary.failures).toEqual([
        {
          provider: `127.0.0.1:${port}`,
          code: 'FEED_HTTP_RETRYABLE',
          reason: expect.stringMatching(/^connection refused \(ECONNREFUSED/),
        },
        {
          provider: 'feeds.tailwatch.invalid',
          code: 'FEED_HTTP_FATAL',
          reason: expect.stringMatching(/^DNS: host not found \((ENOTFOUND|EAI_AGAIN)/),
        },
      ]);
      expect(summary.message).toContain(
        `127.0.0.1:${port}: FEED_HTTP_RETRYABLE (connection refused (ECONNREFUSED: connect ECONNREFUSED ` +
          `127.0.0.1:${port}))`,
      );
      expect(summary.message).toMatch(
        /feeds\.tailwatch\.invalid: FEED_HTTP_(FATAL|RETRYABLE) \(DNS: host not found \((ENOTFOUND|EAI_AGAIN)/,
      );
      for (const failure of summary.failures!) {
        expect(failure.reason.length).toBeLessThanOrEqual(100);
        expect(failure.reason).not.toMatch(C0_C1);
      }
      // Each provider's own status carries the same reason in its error.
      expect(snapshot.providers.map((p) => [p.status, p.errors[0]?.reason])).toEqual([
        ['failed', summary.failures![0]!.reason],
        ['failed', summary.failures![1]!.reason],
      ]);
    },
  );

  it("FeedClient.get's FEED_ALL_PROVIDERS_FAILED lists the reasons too", async () => {
    const port = await closedPort();
    const { client } = feedClientFor([UNRESOLVABLE, `http://127.0.0.1:${port}/v2`], { retries: 0 });
    const error = await client.get('/hex/1533ad').catch((caught: unknown) => caught);
    expect(isTailwatchError(error, 'FEED_ALL_PROVIDERS_FAILED')).toBe(true);
    if (!isTailwatchError(error)) return;
    expect(error.message).toMatch(/feeds\.tailwatch\.invalid: FEED_HTTP_FATAL \(DNS: host not found/);
    expect(error.message).toContain(`127.0.0.1:${port}: FEED_HTTP_RETRYABLE (connection refused (ECONNREFUSED`);
    expect(error.details.failures).toEqual([
      expect.objectContaining({ provider: 'feeds.tailwatch.invalid', reason: expect.stringMatching(/^DNS: /) }),
      expect.objectContaining({ provider: `127.0.0.1:${port}`, reason: expect.stringMatching(/^connection refused/) }),
    ]);
  });

  it('names TLS failures, timeouts and HTTP statuses, short and printable', () => {
    expect(networkReason('CERT_HAS_EXPIRED', 'certificate has expired')).toBe(
      'TLS: CERT_HAS_EXPIRED: certificate has expired',
    );
    expect(networkReason('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")).toMatch(
      /^TLS: ERR_TLS_CERT_ALTNAME_INVALID/,
    );
    expect(networkReason('ECONNRESET', 'socket hang up')).toBe('connection reset (ECONNRESET)');
    expect(networkReason(undefined, '')).toBe('network error (no code)');
    const hostile = networkReason('ENOTFOUND', `getaddrinfo ENOTFOUND \u001b[2J\u009b31m${'x'.repeat(300)}`);
    expect(hostile).not.toMatch(C0_C1);
    expect(hostile.length).toBeLessThanOrEqual(100);
    expect(feedFailureReason({ message: 'x', details: { reason: 'HTTP 503' } })).toBe('HTTP 503');
    // Without a given reason: the message's first clause after the request's name.
    expect(
      feedFailureReason({ message: 'adsb.lol /hex/1533ad: token request refused; check the client id. More.' }),
    ).toBe('token request refused');
    expect(feedFailureReason({ message: '127.0.0.1:8080 /type/IL76: HTTP 502 gateway; retried.' })).toBe(
      'HTTP 502 gateway',
    );
  });
});
