import { describe, expect, it } from 'vitest';
import { sightingsFromResponses } from '../../src/feeds/snapshot-sightings.js';

const NOW = Date.UTC(2025, 9, 29, 16, 0, 0);

function acRow(hex: string, overrides: Record<string, unknown> = {}) {
  return {
    hex,
    type: 'adsb_icao',
    lat: 12.2,
    lon: -86.2,
    seen_pos: 2,
    seen: 0.1,
    messages: 1,
    rssi: -20,
    mlat: [],
    tisb: [],
    ...overrides,
  };
}

function body(now: number, rows: unknown[]) {
  return { ac: rows, msg: 'No error', now, total: rows.length, ctime: now, ptime: 0 };
}

describe('sightingsFromResponses', () => {
  it('merges the responses of one poll, tags each hex with its strongest purpose and takes asOf = max now', () => {
    const result = sightingsFromResponses(
      [
        { provider: 'adsb.lol', path: '/hex/1533ad', purpose: 'watchlist', body: body(NOW, [acRow('1533ad')]) },
        {
          provider: 'adsb.lol',
          path: '/type/IL76',
          purpose: 'type',
          body: body(NOW + 1000, [acRow('1533ad', { seen_pos: 3, t: 'IL76' }), acRow('152c07', { t: 'IL76' })]),
        },
        {
          provider: 'adsb.fi',
          path: '/point/12.1415/-86.1682/250',
          purpose: 'area',
          body: body(NOW + 2000, [acRow('152c07', { seen_pos: 3 }), acRow('0d0abc'), acRow('~123456')]),
        },
      ],
      { watchlistHexes: ['1533ad'] },
    );
    // 1533ad at NOW-2000 reported twice (hex and type requests): one sighting. 152c07 likewise.
    expect(result.sightings.map((s) => [s.hex, s.observedAt])).toEqual([
      ['0d0abc', NOW],
      ['152c07', NOW - 1000],
      ['1533ad', NOW - 2000],
    ]);
    expect(Object.fromEntries(result.purposeByHex)).toEqual({
      '0d0abc': 'area',
      '152c07': 'type',
      '1533ad': 'watchlist',
    });
    expect(result.asOf).toBe(NOW + 2000);
    expect(result.dropped).toEqual({ non_icao_address: 1 });
  });

  it("tags a watched hex 'watchlist' even when only a type or point request found it", () => {
    const result = sightingsFromResponses(
      [{ provider: 'adsb.lol', purpose: 'area', body: body(NOW, [acRow('1533ad')]) }],
      { watchlistHexes: ['1533AD'] },
    );
    expect(result.purposeByHex.get('1533ad')).toBe('watchlist');
  });

  it('infers purposes from the path, then from the watchlist and watched types for bare responses', () => {
    const result = sightingsFromResponses(
      [
        { provider: 'adsb.lol', path: '/type/IL76', body: body(NOW, [acRow('aaaaaa', { t: 'IL76' })]) },
        {
          provider: null,
          body: body(NOW, [acRow('1533ad'), acRow('152c07', { t: 'IL76' }), acRow('bbbbbb', { t: 'B738' })]),
        },
      ],
      { watchlistHexes: ['1533ad'], watchedTypes: ['IL76'] },
    );
    expect(Object.fromEntries(result.purposeByHex)).toEqual({
      aaaaaa: 'type',
      '1533ad': 'watchlist',
      '152c07': 'type',
      bbbbbb: 'area',
    });
    expect(result.sightings.find((s) => s.hex === '1533ad')?.source).toBe('replay');
  });

  it('skips an unusable response and says so, using the others', () => {
    const result = sightingsFromResponses([
      { provider: 'adsb.lol', path: '/hex/1533ad', body: { error: 'rate limited' } },
      { provider: 'adsb.fi', path: '/hex/1533ad', body: body(NOW, [acRow('1533ad')]) },
    ]);
    expect(result.sightings).toHaveLength(1);
    expect(result.rejected).toEqual([
      {
        provider: 'adsb.lol',
        path: '/hex/1533ad',
        code: 'FEED_BAD_RESPONSE',
        message: expect.stringContaining('adsb.lol'),
      },
    ]);
  });

  it("holds the poll's clock to the consensus of its responses: one stamped far from the others is not used", () => {
    const result = sightingsFromResponses([
      { provider: 'adsb.lol', path: '/hex/1533ad', purpose: 'watchlist', body: body(NOW, [acRow('1533ad')]) },
      {
        provider: 'adsb.fi',
        path: '/hex/1533ae',
        purpose: 'watchlist',
        body: body(Date.UTC(2099, 0, 1), [acRow('1533ae')]),
      },
      {
        provider: 'adsb.lol',
        path: '/type/IL76',
        purpose: 'type',
        body: body(NOW + 2000, [acRow('1533af', { t: 'IL76' })]),
      },
    ]);
    expect(result.asOf).toBe(NOW + 2000);
    expect(result.sightings.map((s) => s.hex)).toEqual(['1533ad', '1533af']);
    expect(result.rejected).toEqual([
      { provider: 'adsb.fi', path: '/hex/1533ae', code: 'FEED_CLOCK_SKEW', message: expect.stringContaining('2099') },
    ]);
  });

  it('with two responses far apart, the earlier one is the clock: one response cannot pull it forward', () => {
    const result = sightingsFromResponses([
      { provider: 'adsb.lol', path: '/hex/1533ad', body: body(NOW + 86_400_000, [acRow('1533ad')]) },
      { provider: 'adsb.fi', path: '/hex/1533ad', body: body(NOW, [acRow('1533ad')]) },
    ]);
    expect(result.asOf).toBe(NOW);
    expect(result.rejected.map((r) => r.code)).toEqual(['FEED_CLOCK_SKEW']);
  });

  it('has no asOf when nothing usable came back', () => {
    expect(sightingsFromResponses([])).toMatchObject({ sightings: [], asOf: null, dropped: {} });
  });

  describe('a response of unknown purpose (a whole-sky snapshot)', () => {
    // Havana (MUHA) and a 250 nm circle around it; Moscow is far from it.
    const areas = [{ lat: 22.989, lon: -82.409, radiusNm: 250 }];
    const near = { lat: 23.5, lon: -81.0 }; // about 155 km from MUHA
    const edgeInside = { lat: 22.989 + 4.1, lon: -82.409 }; // 456 km north: inside 463 km
    const edgeOutside = { lat: 22.989 + 4.2, lon: -82.409 }; // 467 km north: outside
    const far = { lat: 55.75, lon: 37.62 };
    const rows = [
      acRow('a00001', near),
      acRow('a00002', edgeInside),
      acRow('a00003', edgeOutside),
      acRow('a00004', far),
      acRow('1533ad', far),
      acRow('152c07', { ...far, t: 'IL76' }),
    ];

    it(
      'keeps listed and watched-type aircraft anywhere, ' +
        'other aircraft only inside a watched area, and counts the rest',
      () => {
        const result = sightingsFromResponses(
          [{ provider: 'adsb.lol', path: null, purpose: null, body: body(NOW, rows) }],
          {
            watchlistHexes: new Set(['1533ad']),
            watchedTypes: ['IL76'],
            areas,
          },
        );
        expect(Object.fromEntries(result.purposeByHex)).toEqual({
          a00001: 'area',
          a00002: 'area',
          '1533ad': 'watchlist',
          '152c07': 'type',
        });
        expect(result.sightings.map((s) => s.hex)).toEqual(['152c07', '1533ad', 'a00001', 'a00002']);
        expect(result.ignored).toBe(2);
        expect(result.dropped).toEqual({});
      },
    );

    it("keeps a /point answer's rows only inside its circle; no areas given: a bare response keeps all", () => {
      const declared = sightingsFromResponses(
        [{ provider: 'adsb.lol', path: '/point/22.989/-82.409/250', body: body(NOW, rows) }],
        { watchlistHexes: ['1533ad'], watchedTypes: ['IL76'] },
      );
      expect(Object.fromEntries(declared.purposeByHex)).toEqual({
        a00001: 'area',
        a00002: 'area',
        a00003: 'area', // 4 km outside: within the 1 % a provider's own distance may differ by
        '1533ad': 'watchlist',
        '152c07': 'type',
      });
      expect(declared.offPurpose).toBe(1); // a00004, in Moscow
      expect(declared.ignored).toBe(0);
      const unbounded = sightingsFromResponses([{ provider: null, body: body(NOW, rows) }], {
        watchlistHexes: ['1533ad'],
      });
      expect(unbounded.sightings).toHaveLength(rows.length);
      expect(unbounded.purposeByHex.get('a00004')).toBe('area');
    });
  });
});
