import { describe, expect, it } from 'vitest';
import {
  buildFeedProviders,
  providerNameFromUrl,
  providerPath,
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
  it('uses the three free feeds by default, 1 request/s, 10 s, 3 retries, 8 MB', () => {
    const providers = buildFeedProviders();
    expect(providers.map((p) => p.name)).toEqual(['adsb.lol', 'airplanes.live', 'adsb.fi']);
    for (const provider of providers) {
      expect(provider).toMatchObject({
        minIntervalMs: 1000,
        timeoutMs: 10_000,
        retries: 3,
        maxResponseBytes: 8_000_000,
        headers: {},
      });
    }
    expect(providers.find((p) => p.name === 'airplanes.live')?.limits.maxPathLength).toBe(1000);
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
    const providers = buildFeedProviders({ urls: ['https://api.adsb.lol/v2', 'https://api.airplanes.live/v2'] });
    expect(strictestLimits(providers)).toEqual({ maxHexesPerRequest: 1000, maxPathLength: 1000 });
  });

  it("spells a point route ADS-B Exchange's way for that provider only", () => {
    const [lol, adsbx] = buildFeedProviders({ urls: ['https://api.adsb.lol/v2'], rapidApiKey: 'k' });
    expect(providerPath(lol!, '/point/12.1415/-86.1682/250')).toBe('/point/12.1415/-86.1682/250');
    expect(providerPath(adsbx!, '/point/12.1415/-86.1682/250')).toBe('/lat/12.1415/lon/-86.1682/dist/250/');
    expect(providerPath(adsbx!, '/hex/1533ad')).toBe('/hex/1533ad');
  });
});
