import { describe, expect, it } from 'vitest';
import {
  buildFeedProviders,
  providerNameFromUrl,
  providerPath,
  AIRPLANES_LIVE_URL,
  RAPIDAPI_ADSBX_URL,
  strictestLimits,
} from '../../src/feeds/feed-provider.js';

describe('providerNameFromUrl', () => {
  it.each([
    ['https://api.adsb.lol/v2', 'adsb.lol'],
    ['https://api.airplanes.live/v2', 'airplanes.live'],
    ['https://opendata.adsb.fi/api/v2', 'adsb.fi'],
    ['https://adsbexchange-com1.p.rapidapi.com/v2', 'adsbexchange.com'],
    ['http://127.0.0.1:41234/v2', '127.0.0.1:41234'],
  ])('%s is %s', (url, name) => {
    expect(providerNameFromUrl(url)).toBe(name);
  });
});

describe('buildFeedProviders', () => {
  it('uses the two open feeds by default (adsb.lol, adsb.fi), 1 request/s, 10 s, 3 retries, 8 MB', () => {
    const providers = buildFeedProviders();
    expect(providers.map((p) => p.name)).toEqual(['adsb.lol', 'adsb.fi']);
    for (const provider of providers) {
      expect(provider).toMatchObject({
        minIntervalMs: 1000,
        timeoutMs: 10_000,
        retries: 3,
        maxResponseBytes: 8_000_000,
        headers: {},
      });
    }
    // airplanes.live answers 403 unless it granted access: opt-in, with its known path limit.
    const [live] = buildFeedProviders({ urls: [AIRPLANES_LIVE_URL] });
    expect(live).toMatchObject({ name: 'airplanes.live', limits: { maxPathLength: 1000 } });
  });

  it('adds OpenSky last only when both client id and secret are set, asked every 90 s, no areas', () => {
    expect(buildFeedProviders({ opensky: { clientId: 'id', clientSecret: null } }).map((p) => p.name)).toEqual([
      'adsb.lol',
      'adsb.fi',
    ]);
    const providers = buildFeedProviders({ opensky: { clientId: 'id', clientSecret: 's3cret' } });
    expect(providers.map((p) => p.name)).toEqual(['adsb.lol', 'adsb.fi', 'opensky-network.org']);
    expect(providers[2]).toMatchObject({
      baseUrl: 'https://opensky-network.org/api',
      protocol: 'opensky',
      cycleIntervalMs: 90_000,
      areaRequests: false,
      limits: { maxHexesPerRequest: 100 },
      oauth: { clientId: 'id', clientSecret: 's3cret', tokenUrl: expect.stringContaining('auth.opensky-network.org') },
    });
    expect(providers.slice(0, 2).every((p) => p.protocol === 'adsbx-v2' && p.cycleIntervalMs === 0)).toBe(true);
  });

  it('adds ADS-B Exchange last, with the RapidAPI headers, only when a key is set', () => {
    const providers = buildFeedProviders({ urls: ['https://api.adsb.lol/v2/'], rapidApiKey: 'k3y' });
    expect(providers.map((p) => [p.name, p.baseUrl])).toEqual([
      ['adsb.lol', 'https://api.adsb.lol/v2'],
      ['adsbexchange.com', RAPIDAPI_ADSBX_URL],
    ]);
    expect(providers[1]?.headers).toEqual({
      'X-RapidAPI-Key': 'k3y',
      'X-RapidAPI-Host': 'adsbexchange-com1.p.rapidapi.com',
    });
  });

  it('refuses the RapidAPI URL without a key, and a URL that is not http(s)', () => {
    expect(() => buildFeedProviders({ urls: [RAPIDAPI_ADSBX_URL] })).toThrow(/ADSBX_RAPIDAPI_KEY/);
    expect(() => buildFeedProviders({ urls: ['ftp://example.org/v2'] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => buildFeedProviders({ urls: ['not a url'] })).toThrow(/FEED_URLS/);
  });

  it('applies the rate, timeout and per-provider overrides', () => {
    const [provider] = buildFeedProviders({
      urls: ['https://api.adsb.lol/v2'],
      requestsPerSecond: 4,
      timeoutMs: 500,
      overrides: { 'adsb.lol': { retries: 1, limits: { maxHexesPerRequest: 10, maxPathLength: 8000 } } },
    });
    expect(provider).toMatchObject({
      minIntervalMs: 250,
      timeoutMs: 500,
      retries: 1,
      limits: { maxHexesPerRequest: 10 },
    });
  });

  it('plans for the strictest provider, since any request may fail over to any of them', () => {
    const providers = buildFeedProviders({ urls: ['https://api.adsb.lol/v2', AIRPLANES_LIVE_URL] });
    expect(strictestLimits(providers)).toEqual({ maxHexesPerRequest: 1000, maxPathLength: 1000 });
  });

  it("spells a point route ADS-B Exchange's way for that provider only", () => {
    const [lol, adsbx] = buildFeedProviders({ urls: ['https://api.adsb.lol/v2'], rapidApiKey: 'k' });
    expect(providerPath(lol!, '/point/12.1415/-86.1682/250')).toBe('/point/12.1415/-86.1682/250');
    expect(providerPath(adsbx!, '/point/12.1415/-86.1682/250')).toBe('/lat/12.1415/lon/-86.1682/dist/250/');
    expect(providerPath(adsbx!, '/hex/1533ad')).toBe('/hex/1533ad');
  });
});
