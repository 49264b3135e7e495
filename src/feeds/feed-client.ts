import type { AxiosInstance } from 'axios';
import pino, { type Logger } from 'pino';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import type { FeedEnvelope } from './adsbx-v2-envelope.js';
import { feedFailureReason, type ProviderFailure } from './feed-failure-reason.js';
import { defaultFeedHttp, FEED_USER_AGENT, requestFeedJson } from './feed-http-request.js';
import type { FeedProvider } from './feed-provider.js';
import { OpenSkyConnection } from './opensky-request.js';
import { providerSupports } from './provider-plan.js';
import { RateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, isRetryableError, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { mathRandom, realSleep, systemClock, type Clock, type Random, type Sleep } from './timers.js';

export interface FeedClientOptions {
  /** In failover order (see buildFeedProviders). */
  providers: readonly FeedProvider[];
  retryPolicy?: Partial<RetryPolicy>;
  /** Injected in tests; real timers by default. */
  sleep?: Sleep;
  random?: Random;
  /** For rate-limit slots and Retry-After dates only; sightings are never stamped with it. */
  clock?: Clock;
  userAgent?: string;
  http?: AxiosInstance;
  logger?: Logger;
}

export interface FeedFetchResult {
  provider: string;
  path: string;
  status: number;
  /** The decoded JSON, as received. */
  body: unknown;
  /** Its validated envelope (see requestFeedJson). */
  envelope: FeedEnvelope;
  bytes: number;
  /** Wall-clock time the answer arrived (metadata for recordings; not a sighting time). */
  fetchedAtMs: number;
  /** HTTP requests sent for this result, retries and failed providers included. */
  attempts: number;
}

type ProviderOutcome = { ok: true; result: FeedFetchResult } | { ok: false; error: TailwatchError; attempts: number };

/**
 * HTTP client for ADSBx-v2 feeds: per-provider rate limit (spacing that holds across concurrent
 * callers), per-request deadline, retries with full-jitter backoff or the server's Retry-After on
 * transient errors (the error table's 'retry' codes), then failover to the next provider.
 */
export class FeedClient {
  readonly providers: readonly FeedProvider[];
  private readonly limiters = new Map<string, RateLimiter>();
  /** When each provider was last asked in a cycle (see FeedProvider.cycleIntervalMs). */
  private readonly lastAskedAt = new Map<string, number>();
  private readonly openSkyConnections = new Map<string, OpenSkyConnection>();
  private readonly policy: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly userAgent: string;
  private readonly http: AxiosInstance;
  private readonly logger: Logger;

  constructor(options: FeedClientOptions) {
    if (options.providers.length === 0) {
      throw new TailwatchError(
        'CONFIG_INVALID',
        'No feed provider is configured: set FEED_URLS (comma-separated v2 API roots).',
      );
    }
    this.providers = options.providers;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? mathRandom;
    this.clock = options.clock ?? systemClock;
    this.userAgent = options.userAgent ?? FEED_USER_AGENT;
    this.http = options.http ?? defaultFeedHttp();
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ module: 'feed-client' });
    for (const provider of this.providers) {
      this.limiters.set(provider.name, new RateLimiter(provider.minIntervalMs, this.clock, this.sleep));
    }
  }

  /**
   * GETs a route from the first provider that answers usably, in provider order. Throws
   * FEED_ALL_PROVIDERS_FAILED (details.failures lists each provider's error) when none does.
   */
  async get(path: string): Promise<FeedFetchResult> {
    return this.getFromAny(path, this.providers);
  }

  /**
   * Whether a provider is due in a cycle starting now (FeedProvider.cycleIntervalMs); when it is, the cycle
   * counts as asking it. Always true for providers asked every cycle.
   */
  takeCycleTurn(providerName: string): boolean {
    const provider = this.providerNamed(providerName);
    if (provider.cycleIntervalMs <= 0) return true;
    const now = this.clock();
    const last = this.lastAskedAt.get(provider.name);
    if (last !== undefined && now - last < provider.cycleIntervalMs) return false;
    this.lastAskedAt.set(provider.name, now);
    return true;
  }

  /** GETs a route from one provider only (with its retries); throws that provider's last error. */
  async getFrom(providerName: string, path: string): Promise<FeedFetchResult> {
    const provider = this.providerNamed(providerName);
    const outcome = await this.tryProvider(provider, path);
    if (outcome.ok) return outcome.result;
    throw new TailwatchError(
      outcome.error.code,
      outcome.error.message,
      { ...outcome.error.details, attempts: outcome.attempts },
      { cause: outcome.error },
    );
  }

  /** The OpenSky connection (and its token) of a provider, made on first use. */
  openSky(provider: FeedProvider): OpenSkyConnection {
    let connection = this.openSkyConnections.get(provider.name);
    if (connection === undefined) {
      connection = new OpenSkyConnection(provider, { http: this.http, userAgent: this.userAgent, clock: this.clock });
      this.openSkyConnections.set(provider.name, connection);
    }
    return connection;
  }

  private providerNamed(providerName: string): FeedProvider {
    const provider = this.providers.find((candidate) => candidate.name === providerName);
    if (provider === undefined) {
      throw new TailwatchError(
        'USAGE',
        `No feed provider named ${providerName}; known: ${this.providers.map((p) => p.name).join(', ')}.`,
      );
    }
    return provider;
  }

  private async getFromAny(path: string, providers: readonly FeedProvider[]): Promise<FeedFetchResult> {
    const failures: Array<ProviderFailure & { message: string }> = [];
    let attempts = 0;
    for (const provider of providers) {
      if (!providerSupports(provider, { path })) continue;
      const outcome = await this.tryProvider(provider, path);
      attempts += outcome.ok ? outcome.result.attempts : outcome.attempts;
      if (outcome.ok) return { ...outcome.result, attempts };
      const reason = feedFailureReason(outcome.error);
      failures.push({ provider: provider.name, code: outcome.error.code, reason, message: outcome.error.message });
      this.logger.warn(
        { provider: provider.name, path, code: outcome.error.code, reason },
        'feed request failed on this provider; trying the next',
      );
    }
    throw new TailwatchError(
      'FEED_ALL_PROVIDERS_FAILED',
      `All ${providers.length} feed provider(s) failed for ${path.length > 80 ? `${path.slice(0, 77)}...` : path} ` +
        `(${failures.map((f) => `${f.provider}: ${f.code} (${f.reason})`).join('; ')}). ` +
        `It will be asked again next poll; ` +
        `if this persists, check network access and FEED_URLS.`,
      { path, attempts, failures },
    );
  }

  private async tryProvider(provider: FeedProvider, path: string): Promise<ProviderOutcome> {
    const limiter = this.limiters.get(provider.name) as RateLimiter;
    let attempts = 0;
    for (let retryIndex = 0; ; retryIndex += 1) {
      await limiter.acquire();
      attempts += 1;
      try {
        const response =
          provider.protocol === 'opensky'
            ? await this.openSky(provider).request(path)
            : await requestFeedJson(provider, path, { http: this.http, userAgent: this.userAgent, clock: this.clock });
        return {
          ok: true,
          result: { provider: provider.name, path, ...response, fetchedAtMs: this.clock(), attempts },
        };
      } catch (caught) {
        if (!isTailwatchError(caught)) throw caught;
        if (!isRetryableError(caught) || retryIndex >= provider.retries) return { ok: false, error: caught, attempts };
        const retryAfterMs = typeof caught.details.retryAfterMs === 'number' ? caught.details.retryAfterMs : null;
        const wait = retryDelayMs(retryIndex, retryAfterMs, this.policy, this.random);
        this.logger.debug({ provider: provider.name, path, code: caught.code, waitMs: wait }, 'retrying feed request');
        if (retryAfterMs !== null) {
          // The server asked the whole client to slow down: hold every request to this provider.
          limiter.deferUntil(this.clock() + wait);
        } else {
          await this.sleep(wait);
        }
      }
    }
  }
}
