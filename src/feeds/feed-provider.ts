import { TailwatchError } from '../errors/tailwatch-error.js';
import { DEFAULT_QUERY_PLAN_LIMITS, type QueryPlanLimits } from './feed-query-plan.js';

/** One ADSBx-v2-compatible API and how to talk to it. Built once from config, then read-only. */
export interface FeedProvider {
  /** Derived from the host, e.g. adsb.lol; stamped into Sighting.source. */
  name: string;
  /** Base URL without a trailing slash, e.g. https://api.adsb.lol/v2. */
  baseUrl: string;
  /** Extra request headers (the RapidAPI key for ADS-B Exchange). */
  headers: Readonly<Record<string, string>>;
  /** Minimum spacing between two requests to this provider. */
  minIntervalMs: number;
  /**
   * When every provider is asked each cycle: ask this one only in cycles at least this long after the last
   * cycle it was asked in (OpenSky, whose daily credits cover about one `/states/all` every 90 s); 0: every cycle.
   */
  cycleIntervalMs: number;
  /** Total time allowed for one request, connect to last byte. */
  timeoutMs: number;
  /** Retries on this provider after the first attempt (transient errors only). */
  retries: number;
  /** Bodies larger than this (decompressed) are refused: FEED_RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  limits: QueryPlanLimits;
  /** Route spelling: adsb.lol names (`/point/lat/lon/nm`) or ADS-B Exchange's (`/lat/../lon/../dist/..`). */
  dialect: 'adsblol' | 'adsbx';
  /**
   * How to talk to it: an ADSBx-v2 API, or OpenSky's REST API (`/states/all`, OAuth2 client credentials),
   * whose answers are turned into v2 envelopes where they enter (opensky-states.ts).
   */
  protocol: FeedProtocol;
  /** OAuth2 client credentials (OpenSky); null for the ADSBx-v2 APIs. */
  oauth: OAuthClientCredentials | null;
  /** Whether the plan's area (`/point/`) requests are asked of it in fan-out mode (OpenSky: they cost credits). */
  areaRequests: boolean;
}

export type FeedProtocol = 'adsbx-v2' | 'opensky';

export interface OAuthClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * adsb.lol and adsb.fi. airplanes.live answers 403 since August 2026 unless access was granted, so it is
 * opt-in: add AIRPLANES_LIVE_URL to FEED_URLS once it has given you access.
 */
export const DEFAULT_FEED_URLS: readonly string[] = ['https://api.adsb.lol/v2', 'https://opendata.adsb.fi/api/v2'];
export const AIRPLANES_LIVE_URL = 'https://api.airplanes.live/v2';
export const RAPIDAPI_ADSBX_URL = 'https://adsbexchange-com1.p.rapidapi.com/v2';
const RAPIDAPI_ADSBX_HOST = 'adsbexchange-com1.p.rapidapi.com';

/** The feed settings this module reads; `config.feeds` fits as it is. */
export interface FeedProviderSettings {
  urls?: readonly string[];
  rapidApiKey?: string | null;
  requestsPerSecond?: number;
  timeoutMs?: number;
  retries?: number;
  maxResponseBytes?: number;
  /** OpenSky, added after the others when both client id and secret are set (`config.feeds.opensky`). */
  opensky?: OpenSkySettings | null;
  /** Per-provider overrides by provider name (e.g. a tighter path length for one host). */
  overrides?: Readonly<Record<string, Partial<Omit<FeedProvider, 'name' | 'baseUrl' | 'headers' | 'dialect'>>>>;
}

export interface OpenSkySettings {
  clientId: string | null;
  clientSecret: string | null;
  apiUrl?: string;
  tokenUrl?: string;
  /** Asked at most once per this many seconds of cycles (credits). Default 90. */
  everySeconds?: number;
  requestsPerSecond?: number;
  /** `icao24=` filters per request. Default 100 (OpenSky's URL limit is unverified). */
  maxHexesPerRequest?: number;
  /** Ask it the `/point/` requests too (2 to 4 credits each). Default false. */
  pointRequests?: boolean;
}

export const OPENSKY_API_URL = 'https://opensky-network.org/api';
export const OPENSKY_TOKEN_URL =
  'https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token';

/**
 * Known request limits by host. adsb.lol documents 1000 hexes per request; airplanes.live is reported
 * to refuse paths over about 1000 characters; adsb.fi and ADS-B Exchange are unverified, so they get
 * the conservative default.
 */
const HOST_LIMITS: Readonly<Record<string, QueryPlanLimits>> = {
  'api.adsb.lol': { maxHexesPerRequest: 1000, maxPathLength: 8000 },
  'api.airplanes.live': { maxHexesPerRequest: 1000, maxPathLength: 1000 },
};

const HOST_NAMES: Readonly<Record<string, string>> = { [RAPIDAPI_ADSBX_HOST]: 'adsbexchange.com' };

/**
 * A short provider name from the URL's host: `api.adsb.lol` -> `adsb.lol`, `opendata.adsb.fi` -> `adsb.fi`.
 * The port is kept when there is one, so two local servers have different names.
 */
export function providerNameFromUrl(url: string): string {
  const parsed = new URL(url);
  const known = HOST_NAMES[parsed.hostname];
  const host = known ?? parsed.hostname.replace(/^(api|opendata|www)\./, '');
  return parsed.port === '' ? host : `${host}:${parsed.port}`;
}

function checkUrl(url: string, setting = 'FEED_URLS'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `Feed URL "${url}" is not a URL: use e.g. https://api.adsb.lol/v2 in ${setting}.`,
      { url },
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `Feed URL "${url}" must start with https:// (or http:// for a local server).`,
      { url },
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Builds the providers in failover order: the configured URLs, then ADS-B Exchange (paid quota, so
 * last) when a RapidAPI key is set. Throws CONFIG_INVALID for a bad URL or a RapidAPI URL without a key.
 */
export function buildFeedProviders(settings: FeedProviderSettings = {}): FeedProvider[] {
  const key = settings.rapidApiKey ?? null;
  const urls = [...(settings.urls ?? DEFAULT_FEED_URLS)].map((url) => checkUrl(url));
  if (key !== null && !urls.some((url) => new URL(url).hostname === RAPIDAPI_ADSBX_HOST)) urls.push(RAPIDAPI_ADSBX_URL);

  const requestsPerSecond = settings.requestsPerSecond ?? 1;
  const providers: FeedProvider[] = [];
  const names = new Set<string>();
  for (const baseUrl of urls) {
    const host = new URL(baseUrl).hostname;
    const isRapidApi = host === RAPIDAPI_ADSBX_HOST;
    if (isRapidApi && key === null) {
      throw new TailwatchError(
        'CONFIG_INVALID',
        `Feed URL ${baseUrl} is ADS-B Exchange on RapidAPI, which needs a key: ` +
          `set ADSBX_RAPIDAPI_KEY (feeds.rapidApiKey) or remove the URL.`,
        { url: baseUrl },
      );
    }
    const name = providerNameFromUrl(baseUrl);
    if (names.has(name)) continue;
    names.add(name);
    const provider: FeedProvider = {
      name,
      baseUrl,
      headers: isRapidApi && key !== null ? { 'X-RapidAPI-Key': key, 'X-RapidAPI-Host': RAPIDAPI_ADSBX_HOST } : {},
      minIntervalMs: Math.ceil(1000 / requestsPerSecond),
      cycleIntervalMs: 0,
      timeoutMs: settings.timeoutMs ?? 10_000,
      retries: settings.retries ?? 3,
      maxResponseBytes: settings.maxResponseBytes ?? 8_000_000,
      limits: { ...(HOST_LIMITS[host] ?? DEFAULT_QUERY_PLAN_LIMITS) },
      dialect: isRapidApi ? 'adsbx' : 'adsblol',
      protocol: 'adsbx-v2',
      oauth: null,
      areaRequests: true,
    };
    const override = settings.overrides?.[name] ?? {};
    providers.push({ ...provider, ...override, limits: { ...provider.limits, ...override.limits } });
  }
  const opensky = openSkyProvider(settings);
  if (opensky !== null && !names.has(opensky.name)) {
    const override = settings.overrides?.[opensky.name] ?? {};
    providers.push({ ...opensky, ...override, limits: { ...opensky.limits, ...override.limits } });
  }
  return providers;
}

/** OpenSky as a provider, when its client credentials are set; null otherwise. */
function openSkyProvider(settings: FeedProviderSettings): FeedProvider | null {
  const o = settings.opensky;
  if (!o || o.clientId === null || o.clientSecret === null) return null;
  const baseUrl = checkUrl(o.apiUrl ?? OPENSKY_API_URL, 'OPENSKY_API_URL (feeds.opensky.apiUrl)');
  return {
    name: providerNameFromUrl(baseUrl),
    baseUrl,
    headers: {},
    minIntervalMs: Math.ceil(1000 / (o.requestsPerSecond ?? 1)),
    cycleIntervalMs: Math.round((o.everySeconds ?? 90) * 1000),
    timeoutMs: settings.timeoutMs ?? 10_000,
    retries: settings.retries ?? 3,
    maxResponseBytes: settings.maxResponseBytes ?? 20_000_000,
    // The `/hex/` path is planned, then sent as `icao24=` parameters: only the hex count limits it.
    limits: { maxHexesPerRequest: o.maxHexesPerRequest ?? 100, maxPathLength: 100_000 },
    dialect: 'adsblol',
    protocol: 'opensky',
    oauth: {
      tokenUrl: checkUrl(o.tokenUrl ?? OPENSKY_TOKEN_URL, 'OPENSKY_TOKEN_URL (feeds.opensky.tokenUrl)'),
      clientId: o.clientId,
      clientSecret: o.clientSecret,
    },
    areaRequests: o.pointRequests ?? false,
  };
}

/**
 * The limits every provider accepts. A request may fail over to any provider, so the plan must fit
 * the strictest one.
 */
export function strictestLimits(providers: readonly FeedProvider[]): QueryPlanLimits {
  if (providers.length === 0) return { ...DEFAULT_QUERY_PLAN_LIMITS };
  return {
    maxHexesPerRequest: Math.min(...providers.map((p) => p.limits.maxHexesPerRequest)),
    maxPathLength: Math.min(...providers.map((p) => p.limits.maxPathLength)),
  };
}

/** The path in the provider's spelling: ADS-B Exchange wants `/lat/{lat}/lon/{lon}/dist/{nm}/`. */
export function providerPath(provider: FeedProvider, path: string): string {
  if (provider.dialect !== 'adsbx') return path;
  const point = /^\/point\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (point) return `/lat/${point[1]}/lon/${point[2]}/dist/${point[3]}/`;
  return path;
}
