import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import packageJson from '../../package.json' with { type: 'json' };
import { TailwatchError } from '../errors/tailwatch-error.js';
import { accessDeniedError } from './access-denied.js';
import { networkReason, shortReason } from './feed-failure-reason.js';
import { parseFeedEnvelope, type FeedEnvelope } from './adsbx-v2-envelope.js';
import { providerPath, type FeedProvider } from './feed-provider.js';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import type { Clock } from './timers.js';

export const FEED_USER_AGENT = `tailwatch/${packageJson.version}`;

/** Redirects to the same origin (scheme, host and port) are followed up to this many; any other is refused. */
const MAX_SAME_ORIGIN_REDIRECTS = 3;

export interface FeedHttpOptions {
  http: AxiosInstance;
  userAgent: string;
  /** Only to read Retry-After dates; never used to stamp data. */
  clock: Clock;
}

export interface FeedHttpResponse {
  status: number;
  /** The decoded JSON, as received (what `poll --record` writes). */
  body: unknown;
  /** The body's envelope, validated (parseFeedEnvelope): `now` in epoch ms, the rows still unchecked. */
  envelope: FeedEnvelope;
  bytes: number;
}

export function defaultFeedHttp(): AxiosInstance {
  return axios.create();
}

function shortPath(path: string): string {
  return path.length > 80 ? `${path.slice(0, 77)}...` : path;
}

/**
 * One GET of one route on one provider, no retries: resolves with the decoded JSON and its validated envelope,
 * or throws a TailwatchError whose code says what to do next:
 * FEED_HTTP_RETRYABLE (429, 5xx, connection reset; details.retryAfterMs when the server said),
 * FEED_TIMEOUT, FEED_ACCESS_DENIED (401, 403), FEED_HTTP_FATAL (other 4xx, refused redirect),
 * FEED_RESPONSE_TOO_LARGE, FEED_BAD_RESPONSE.
 */
export async function requestFeedJson(
  provider: FeedProvider,
  path: string,
  options: FeedHttpOptions,
): Promise<FeedHttpResponse> {
  const where = `${provider.name} ${shortPath(path)}`;
  const details = { provider: provider.name, path };
  const raw = await getProviderJson(provider, `${provider.baseUrl}${providerPath(provider, path)}`, options, {
    where,
    details,
  });
  // The one check of the envelope on the live path: a bad one fails over to the next provider.
  return { ...raw, envelope: parseFeedEnvelope(raw.body, provider.name) };
}

/** A decoded JSON answer, its status checked (2xx). */
export interface ProviderJson {
  status: number;
  body: unknown;
  bytes: number;
}

export interface ProviderGetOptions {
  /** Extra request headers (OpenSky's bearer token). */
  headers?: Readonly<Record<string, string>>;
  /** How errors name the request, e.g. `adsb.lol /hex/1533ad`. */
  where: string;
  details: Record<string, unknown>;
}

/**
 * One GET of a URL on one provider: one deadline connect to last byte, same-origin redirects only, the
 * status mapped to an error code (see requestFeedJson), the body decoded as JSON. Used by both protocols.
 */
export async function getProviderJson(
  provider: FeedProvider,
  startUrl: string,
  options: FeedHttpOptions,
  get: ProviderGetOptions,
): Promise<ProviderJson> {
  const { where, details } = get;
  let url = startUrl;
  const origin = new URL(url).origin;
  const controller = new AbortController();
  // One deadline for the whole exchange, connect to last byte (axios' own timeout is per socket phase).
  const timer = setTimeout(() => controller.abort(), provider.timeoutMs);
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await send(url, provider, options, get.headers ?? {}, controller.signal, where, details);
      if (response.status >= 300 && response.status < 400) {
        const location = headerText(response, 'location');
        const target = location === null ? null : safeUrl(location, url);
        if (target === null || target.origin !== origin || hop >= MAX_SAME_ORIGIN_REDIRECTS) {
          throw new TailwatchError(
            'FEED_HTTP_FATAL',
            `${where}: HTTP ${response.status} redirect to ${location ?? '(no Location)'} refused ` +
              `(only same-host redirects are followed). ` +
              `If the provider moved, put its new v2 URL in FEED_URLS.`,
            {
              ...details,
              status: response.status,
              location,
              reason: shortReason(`HTTP ${response.status} redirect to another host refused`),
            },
          );
        }
        url = target.href;
        continue;
      }
      return decode(response, provider, options, where, details);
    }
  } catch (error) {
    if (error instanceof TailwatchError) throw error;
    throw transportError(error, controller.signal.aborted, provider, where, details);
  } finally {
    clearTimeout(timer);
  }
}

async function send(
  url: string,
  provider: FeedProvider,
  options: FeedHttpOptions,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
  where: string,
  details: Record<string, unknown>,
): Promise<AxiosResponse<string>> {
  try {
    return await options.http.request<string>({
      url,
      method: 'GET',
      headers: { ...provider.headers, ...headers, 'User-Agent': options.userAgent, Accept: 'application/json' },
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: [(data: unknown) => data], // parse the text ourselves, for clear errors
      maxRedirects: 0,
      maxContentLength: provider.maxResponseBytes,
      maxBodyLength: provider.maxResponseBytes,
      validateStatus: () => true,
      decompress: true,
      signal,
    });
  } catch (error) {
    throw transportError(error, signal.aborted, provider, where, details);
  }
}

function decode(
  response: AxiosResponse<string>,
  provider: FeedProvider,
  options: FeedHttpOptions,
  where: string,
  details: Record<string, unknown>,
): ProviderJson {
  const status = response.status;
  if (status < 200 || status > 299) {
    if (isRetryableStatus(status)) {
      // OpenSky says when its credits come back in its own header.
      const retryAfterMs = parseRetryAfter(
        headerText(response, 'retry-after') ?? headerText(response, 'x-rate-limit-retry-after-seconds'),
        options.clock(),
      );
      throw new TailwatchError(
        'FEED_HTTP_RETRYABLE',
        `${where}: HTTP ${status}${retryAfterMs === null ? '' : ` (Retry-After ${retryAfterMs} ms)`}; ` +
          `the request is retried with backoff, then sent to the next provider.`,
        { ...details, status, retryAfterMs, reason: `HTTP ${status}` },
      );
    }
    if (status === 401 || status === 403) throw accessDeniedError(provider, status, where, details);
    const hint =
      status === 404
        ? 'the route is unknown there: check that the feed URL ends with the v2 API root'
        : 'the provider rejected the request as sent; it is not retried there';
    throw new TailwatchError('FEED_HTTP_FATAL', `${where}: HTTP ${status}: ${hint}.`, {
      ...details,
      status,
      reason: `HTTP ${status}`,
    });
  }
  const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
  const bytes = Buffer.byteLength(text);
  if (text.trim() === '') {
    throw new TailwatchError(
      'FEED_BAD_RESPONSE',
      `${where}: HTTP ${status} with an empty body; the request goes to the next provider.`,
      { ...details, status, reason: `HTTP ${status} with an empty body` },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    const truncated = /end of (JSON )?input|unterminated/i.test(reason);
    throw new TailwatchError(
      'FEED_BAD_RESPONSE',
      `${where}: ${truncated ? 'truncated' : 'malformed'} JSON body (${bytes} bytes: ${reason}); ` +
        `the request goes to the next provider.`,
      {
        ...details,
        status,
        bytes,
        truncated,
        reason: `${truncated ? 'truncated' : 'malformed'} JSON (${bytes} bytes)`,
      },
    );
  }
  return { status, body, bytes };
}

function transportError(
  error: unknown,
  timedOut: boolean,
  provider: FeedProvider,
  where: string,
  details: Record<string, unknown>,
): TailwatchError {
  if (error instanceof TailwatchError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut || code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return new TailwatchError(
      'FEED_TIMEOUT',
      `${where}: no complete answer within ${provider.timeoutMs} ms; ` +
        `retried with backoff, then sent to the next provider.`,
      {
        ...details,
        timeoutMs: provider.timeoutMs,
        reason: `timeout: no complete answer within ${provider.timeoutMs} ms`,
      },
      { cause: error },
    );
  }
  if (/maxContentLength/i.test(message)) {
    return new TailwatchError(
      'FEED_RESPONSE_TOO_LARGE',
      `${where}: response larger than ${provider.maxResponseBytes} bytes, refused. ` +
        `Ask for fewer aircraft per request, or raise feeds.maxResponseBytes.`,
      {
        ...details,
        maxResponseBytes: provider.maxResponseBytes,
        reason: `response over ${provider.maxResponseBytes} bytes (feeds.maxResponseBytes)`,
      },
      { cause: error },
    );
  }
  const reason = networkReason(code, message);
  if (code === 'ENOTFOUND') {
    return new TailwatchError(
      'FEED_HTTP_FATAL',
      `${where}: host not found (${shortReason(message)}); check the feed URL in FEED_URLS.`,
      { ...details, networkCode: code, reason },
      { cause: error },
    );
  }
  return new TailwatchError(
    'FEED_HTTP_RETRYABLE',
    `${where}: ${reason}; retried with backoff.`,
    { ...details, networkCode: code, reason },
    { cause: error },
  );
}

function headerText(response: AxiosResponse, name: string): string | null {
  const value: unknown = response.headers[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

function safeUrl(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}
