import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import { parseFeedEnvelope } from './adsbx-v2-envelope.js';
import { getProviderJson, type FeedHttpOptions, type FeedHttpResponse } from './feed-http-request.js';
import type { FeedProvider } from './feed-provider.js';
import { OAuthTokenSource } from './oauth-token-source.js';
import { openSkyQuery, openSkyStatesToV2 } from './opensky-states.js';

/**
 * One provider speaking OpenSky's REST API: a planned route is sent as `/states/all` with a bearer token
 * (fetched again once on a 401), and the answer comes back as an ADSBx-v2 envelope (opensky-states.ts),
 * so the rest of feeds/ handles it like any other. No retries here: the feed client retries.
 */
export class OpenSkyConnection {
  readonly tokens: OAuthTokenSource;

  constructor(
    private readonly provider: FeedProvider,
    private readonly options: FeedHttpOptions,
  ) {
    this.tokens = new OAuthTokenSource(provider, options);
  }

  async request(path: string): Promise<FeedHttpResponse> {
    const where = `${this.provider.name} ${path.length > 80 ? `${path.slice(0, 77)}...` : path}`;
    const details = { provider: this.provider.name, path };
    const query = openSkyQuery(path);
    if (query === null) {
      throw new TailwatchError(
        'FEED_HTTP_FATAL',
        `${where}: OpenSky has no such route (it answers /hex/ and /point/ requests only).`,
        details,
      );
    }
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.tokens.get();
      try {
        const raw = await getProviderJson(this.provider, `${this.provider.baseUrl}${query.path}`, this.options, {
          headers: { Authorization: `Bearer ${token}` },
          where,
          details,
        });
        const body = openSkyStatesToV2(raw.body, this.provider.name, query.circle);
        return { status: raw.status, body, bytes: raw.bytes, envelope: parseFeedEnvelope(body, this.provider.name) };
      } catch (error) {
        // A 401 means the token expired or was revoked: fetch a new one, once.
        if (attempt === 0 && isTailwatchError(error, 'FEED_ACCESS_DENIED') && error.details.status === 401) {
          this.tokens.invalidate();
          continue;
        }
        throw error;
      }
    }
  }
}
