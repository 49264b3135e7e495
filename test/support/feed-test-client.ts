import { FeedClient } from '../../src/feeds/feed-client.js';
import { buildFeedProviders, type FeedProviderSettings } from '../../src/feeds/feed-provider.js';
import type { RetryPolicy } from '../../src/feeds/retry-policy.js';
import type { FeedServer } from './feed-server.js';
import { virtualTime, type VirtualTime } from './feed-virtual-time.js';

export interface TestClientOptions extends Omit<FeedProviderSettings, 'urls'> {
  retryPolicy?: Partial<RetryPolicy>;
  time?: VirtualTime;
  random?: () => number;
}

/**
 * A real FeedClient pointed at fake feed servers (in failover order), with a 2 s timeout (tests of
 * timeouts pass a smaller one), 2 retries, a 1 MB body cap, virtual time for rate limits and backoff, and random = 0.5.
 */
export function feedClientFor(
  servers: readonly (FeedServer | string)[],
  options: TestClientOptions = {},
): { client: FeedClient; time: VirtualTime } {
  const { retryPolicy, time = virtualTime(), random = () => 0.5, ...settings } = options;
  const providers = buildFeedProviders({
    timeoutMs: 2000,
    retries: 2,
    maxResponseBytes: 1_000_000,
    ...settings,
    urls: servers.map((server) => (typeof server === 'string' ? server : server.url)),
  });
  const client = new FeedClient({ providers, retryPolicy, sleep: time.sleep, clock: time.clock, random });
  return { client, time };
}
