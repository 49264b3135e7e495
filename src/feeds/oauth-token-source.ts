import { TailwatchError } from '../errors/tailwatch-error.js';
import { accessDeniedError } from './access-denied.js';
import type { FeedHttpOptions } from './feed-http-request.js';
import type { FeedProvider } from './feed-provider.js';
import { isRetryableStatus } from './retry-policy.js';

/** A token is fetched again this long before it expires, so that none expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the token endpoint does not say: OpenSky's tokens last 30 minutes. */
const DEFAULT_LIFETIME_S = 1800;

/**
 * OAuth2 client-credentials tokens for one provider (OpenSky): fetched on first use, kept until shortly
 * before they expire, fetched again after a 401 (`invalidate`). Concurrent callers share one fetch.
 * The secret is sent only in the token request's form body, never logged.
 */
export class OAuthTokenSource {
  private token: { value: string; expiresAtMs: number } | null = null;
  private pending: Promise<string> | null = null;
  /** Token requests sent (for tests and the bench). */
  fetches = 0;

  constructor(
    private readonly provider: FeedProvider,
    private readonly options: FeedHttpOptions,
  ) {}

  async get(): Promise<string> {
    if (this.token !== null && this.options.clock() < this.token.expiresAtMs - EXPIRY_MARGIN_MS)
      return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets the token (the API answered 401): the next `get` fetches a new one. */
  invalidate(): void {
    this.token = null;
  }

  private async fetch(): Promise<string> {
    const oauth = this.provider.oauth;
    if (oauth === null) throw new Error(`provider ${this.provider.name} has no OAuth2 credentials`);
    const where = `${this.provider.name} token endpoint`;
    const details = { provider: this.provider.name, path: 'token' };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.provider.timeoutMs);
    this.fetches += 1;
    let response;
    try {
      response = await this.options.http.request<string>({
        url: oauth.tokenUrl,
        method: 'POST',
        data: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: oauth.clientId,
          client_secret: oauth.clientSecret,
        }).toString(),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': this.options.userAgent,
          Accept: 'application/json',
        },
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        maxRedirects: 0,
        validateStatus: () => true,
        signal: controller.signal,
      });
    } catch (error) {
      const timedOut = controller.signal.aborted;
      const reason = timedOut ? `no answer within ${this.provider.timeoutMs} ms` : (error as Error).message;
      throw new TailwatchError(
        timedOut ? 'FEED_TIMEOUT' : 'FEED_HTTP_RETRYABLE',
        `${where}: no token (${reason}); retried with backoff.`,
        details,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    const status = response.status;
    // OpenSky's Keycloak answers 400 or 401 (invalid_client) to wrong credentials.
    if (status === 400 || status === 401 || status === 403)
      throw accessDeniedError(this.provider, status, where, details);
    if (isRetryableStatus(status)) {
      throw new TailwatchError('FEED_HTTP_RETRYABLE', `${where}: HTTP ${status}; retried with backoff.`, {
        ...details,
        status,
      });
    }
    const body = tokenBody(response.data);
    if (status < 200 || status > 299 || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new TailwatchError(
        'FEED_BAD_RESPONSE',
        `${where}: HTTP ${status} without an access_token; check OPENSKY_TOKEN_URL (feeds.opensky.tokenUrl).`,
        { ...details, status },
      );
    }
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
    this.token = { value: body.access_token, expiresAtMs: this.options.clock() + lifetimeS * 1000 };
    return body.access_token;
  }
}

function tokenBody(data: unknown): { access_token?: unknown; expires_in?: unknown } {
  try {
    const parsed: unknown = JSON.parse(String(data ?? ''));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
