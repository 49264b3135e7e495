import { describe, expect, it } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { hexBatchSize, planFeedQueries } from '../../src/feeds/feed-query-plan.js';

/** n distinct hexes, in no particular order and mixed case. */
function hexes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (0x100000 + ((i * 7919) % 0xeffff)).toString(16)).map((hex, i) =>
    i % 2 ? hex.toUpperCase() : hex,
  );
}

const SVMI = { ident: 'SVMI', lat: 10.601194, lon: -66.991222 };
const MUHA = { ident: 'MUHA', lat: 22.9892, lon: -82.4091 };
const MNMG = { ident: 'MNMG', lat: 12.1415, lon: -86.1682 };

describe('planFeedQueries', () => {
  it('plans one batched hex request, the default type and one point per airport', () => {
    const plan = planFeedQueries({ hexes: ['1533AD', '152c07', '152c2a', '152C2E'], airports: [SVMI, MUHA, MNMG] });
    expect(plan).toEqual([
      {
        path: '/hex/152c07,152c2a,152c2e,1533ad',
        purpose: 'watchlist',
        hexes: ['152c07', '152c2a', '152c2e', '1533ad'],
      },
      { path: '/type/IL76', purpose: 'type', typeCode: 'IL76' },
      { path: '/point/10.6012/-66.9912/250', purpose: 'area', airportIdent: 'SVMI' },
      { path: '/point/22.9892/-82.4091/250', purpose: 'area', airportIdent: 'MUHA' },
      { path: '/point/12.1415/-86.1682/250', purpose: 'area', airportIdent: 'MNMG' },
    ]);
  });

  it.each([
    { n: 0, limits: { maxHexesPerRequest: 1000, maxPathLength: 100_000 } },
    { n: 1, limits: { maxHexesPerRequest: 1000, maxPathLength: 100_000 } },
    { n: 2500, limits: { maxHexesPerRequest: 1000, maxPathLength: 100_000 } },
    { n: 3000, limits: { maxHexesPerRequest: 1000, maxPathLength: 100_000 } },
    { n: 500, limits: { maxHexesPerRequest: 1000, maxPathLength: 1000 } },
    { n: 17_198, limits: { maxHexesPerRequest: 1000, maxPathLength: 8000 } },
    { n: 10, limits: { maxHexesPerRequest: 3, maxPathLength: 1000 } },
  ])('batches $n hexes within $limits, costing ceil(n / batch) requests', ({ n, limits }) => {
    const input = hexes(n);
    const plan = planFeedQueries({ hexes: input, types: [], limits });
    const batch = hexBatchSize(limits);
    expect(plan).toHaveLength(Math.ceil(n / batch));
    for (const request of plan) {
      expect(request.purpose).toBe('watchlist');
      expect(request.path.length).toBeLessThanOrEqual(limits.maxPathLength);
      expect(request.hexes?.length).toBeLessThanOrEqual(limits.maxHexesPerRequest);
      expect(request.path).toBe(`/hex/${request.hexes?.join(',')}`);
    }
    const planned = plan.flatMap((request) => request.hexes ?? []);
    expect(planned).toEqual([...new Set(input.map((hex) => hex.toLowerCase()))].sort());
  });

  it('fills a path exactly up to the length limit', () => {
    // "/hex/" + k*6 + (k-1) commas <= L  =>  k = floor((L - 4) / 7)
    expect(hexBatchSize({ maxHexesPerRequest: 1000, maxPathLength: 1000 })).toBe(142);
    expect(hexBatchSize({ maxHexesPerRequest: 1000, maxPathLength: 11 })).toBe(1);
    expect(hexBatchSize({ maxHexesPerRequest: 1000, maxPathLength: 17 })).toBe(1);
    expect(hexBatchSize({ maxHexesPerRequest: 1000, maxPathLength: 18 })).toBe(2);
  });

  it('refuses limits that cannot hold one hex', () => {
    expect(() => hexBatchSize({ maxHexesPerRequest: 1000, maxPathLength: 10 })).toThrow(/no room/);
    expect(() => hexBatchSize({ maxHexesPerRequest: 0, maxPathLength: 1000 })).toThrow(/no room/);
  });

  it('dedupes hexes given twice in different case', () => {
    expect(planFeedQueries({ hexes: ['1533ad', '1533AD', ' 1533ad '], types: [] })).toEqual([
      { path: '/hex/1533ad', purpose: 'watchlist', hexes: ['1533ad'] },
    ]);
  });

  it('throws INVALID_HEX for a non-ICAO hex in the watchlist', () => {
    expect(() => planFeedQueries({ hexes: ['~1533ad'] })).toThrow(expect.objectContaining({ code: 'INVALID_HEX' }));
  });

  it.each([
    { radiusNm: undefined, expected: '250' },
    { radiusNm: 400, expected: '250' },
    { radiusNm: 100, expected: '100' },
    { radiusNm: 12.345, expected: '12.3' },
  ])('uses radius $radiusNm as $expected nm (capped at 250)', ({ radiusNm, expected }) => {
    const [request] = planFeedQueries({ hexes: [], types: [], airports: [MNMG], radiusNm });
    expect(request?.path).toBe(`/point/12.1415/-86.1682/${expected}`);
  });

  it.each([0, -5, Number.NaN])('refuses radius %d', (radiusNm) => {
    expect(() => planFeedQueries({ hexes: [], types: [], airports: [MNMG], radiusNm })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('writes at most 4 decimals and no negative zero', () => {
    const plan = planFeedQueries({
      hexes: [],
      types: [],
      airports: [{ ident: 'X', lat: -0.000001, lon: 120.123456789 }],
    });
    expect(plan[0]?.path).toBe('/point/0/120.1235/250');
  });

  it('plans each type once, uppercased, and refuses a malformed type', () => {
    expect(planFeedQueries({ hexes: [], types: ['il76', 'IL76', 'A400'] }).map((r) => r.path)).toEqual([
      '/type/IL76',
      '/type/A400',
    ]);
    let caught: unknown;
    try {
      planFeedQueries({ hexes: [], types: ['IL-76/../mil'] });
    } catch (error) {
      caught = error;
    }
    expect(isTailwatchError(caught, 'CONFIG_INVALID')).toBe(true);
  });

  it('asks once for two airports at the same point', () => {
    expect(planFeedQueries({ hexes: [], types: [], airports: [MUHA, { ...MUHA, ident: 'HAV' }] })).toHaveLength(1);
  });
});
