import { describe, it, expect } from 'vitest';
import { buildAirportIndex } from '../../src/airports/airport-index.js';
import type { Airport } from '../../src/airports/airport.js';
import { haversineKm } from '../../src/shared/geo.js';
import { seededRandom } from '../support/trajectory-random.js';
import { TEST_AIRPORTS } from '../support/test-airports.js';

function airport(ident: string, type: string, lat: number, lon: number): Airport {
  return { ident, name: ident, type, lat, lon, elevationFt: 0, isoCountry: null, iata: null };
}

describe('buildAirportIndex', () => {
  const index = buildAirportIndex(TEST_AIRPORTS);

  it.each([
    { name: 'on the field', lat: 10.601194, lon: -66.991222, maxKm: 10, expected: 'SVMI' },
    { name: 'runway end of MUHA, heliport XHMU is nearer', lat: 22.9945, lon: -82.406, maxKm: 10, expected: 'MUHA' },
    { name: 'beside SVMI, closed strip XCSV is nearer', lat: 10.599, lon: -66.98, maxKm: 10, expected: 'SVMI' },
    { name: 'open sea between Curaçao and Caracas', lat: 11.4, lon: -68.0, maxKm: 10, expected: null },
    { name: 'MROC 5 km north, bound 10 km', lat: 10.039, lon: -84.2088, maxKm: 10, expected: 'MROC' },
    { name: 'MROC 5 km north, bound 4 km', lat: 10.039, lon: -84.2088, maxKm: 4, expected: null },
  ])('nearest: $name -> $expected', ({ lat, lon, maxKm, expected }) => {
    const found = index.nearest(lat, lon, maxKm);
    expect(found?.airport.ident ?? null).toBe(expected);
    if (found !== null) {
      expect(found.distanceKm).toBeLessThanOrEqual(maxKm);
      expect(found.distanceKm).toBeCloseTo(haversineKm(lat, lon, found.airport.lat, found.airport.lon), 9);
    }
  });

  it('uses a seaplane base only when no airfield is within the bound', () => {
    const idx = buildAirportIndex([
      airport('SEA1', 'seaplane_base', 0.01, 0.01),
      airport('FLD1', 'small_airport', 0.05, 0.05),
    ]);
    expect(idx.nearest(0.0101, 0.0101, 10)?.airport.ident).toBe('FLD1');
    expect(idx.nearest(0.0101, 0.0101, 3)?.airport.ident).toBe('SEA1');
  });

  it.each(['heliport', 'closed', 'balloonport'])('never returns a %s, but get() still finds it', (type) => {
    const idx = buildAirportIndex([airport('ONLY', type, 1, 1)]);
    expect(idx.nearest(1, 1, 50)).toBeNull();
    expect(idx.get('ONLY')?.type).toBe(type);
  });

  it('finds fields across the antimeridian and near the poles', () => {
    const idx = buildAirportIndex([
      airport('EAST', 'small_airport', 10, 179.98),
      airport('POLE', 'small_airport', 89.99, 45),
    ]);
    expect(idx.nearest(10, -179.98, 10)?.airport.ident).toBe('EAST');
    expect(idx.nearest(89.99, -135, 10)?.airport.ident).toBe('POLE');
  });

  it('agrees with a brute-force search on 80,000 airports and answers fast', () => {
    const rng = seededRandom(7);
    const types = [
      'large_airport',
      'medium_airport',
      'small_airport',
      'small_airport',
      'heliport',
      'closed',
      'seaplane_base',
    ];
    const many: Airport[] = [];
    for (let i = 0; i < 80_000; i++) {
      const lat = rng.between(-60, 72);
      many.push(airport(`A${i}`, types[i % types.length]!, lat, rng.between(-180, 180)));
    }
    const started = performance.now();
    const idx = buildAirportIndex(many);
    const built = performance.now() - started;
    const fields = many.filter((a) => a.type.endsWith('_airport'));
    const seaplaneBases = many.filter((a) => a.type === 'seaplane_base');
    const bruteForce = (
      candidates: readonly Airport[],
      q: { lat: number; lon: number; maxKm: number },
    ): Airport | null => {
      let best: Airport | null = null;
      let bestKm = Infinity;
      for (const a of candidates) {
        const d = haversineKm(q.lat, q.lon, a.lat, a.lon);
        if (d <= q.maxKm && d < bestKm) {
          best = a;
          bestKm = d;
        }
      }
      return best;
    };
    const queries = Array.from({ length: 80 }, () => ({
      lat: rng.between(-60, 72),
      lon: rng.between(-180, 180),
      maxKm: rng.between(5, 120),
    }));
    const allWithin = (candidates: readonly Airport[], q: { lat: number; lon: number; maxKm: number }): string[] =>
      candidates
        .map((a) => ({ a, d: haversineKm(q.lat, q.lon, a.lat, a.lon) }))
        .filter((x) => x.d <= q.maxKm)
        .sort((x, y) => x.d - y.d || (x.a.ident < y.a.ident ? -1 : 1))
        .map((x) => x.a.ident);
    for (const q of queries) {
      const best = bruteForce(fields, q) ?? bruteForce(seaplaneBases, q);
      expect(idx.nearest(q.lat, q.lon, q.maxKm)?.airport.ident ?? null).toBe(best?.ident ?? null);
      // within(): every field in range, nearest first, then the seaplane bases.
      const within = idx.within(q.lat, q.lon, q.maxKm).map((n) => n.airport.ident);
      expect(within).toEqual([...allWithin(fields, q), ...allWithin(seaplaneBases, q)]);
    }
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) idx.nearest(rng.between(-60, 72), rng.between(-180, 180), 10);
    const perQueryUs = ((performance.now() - t0) / 20_000) * 1000;
    expect(built).toBeLessThan(5_000); // loose bounds: CI boxes are shared; typical is ~50 ms and ~2 µs
    expect(perQueryUs).toBeLessThan(200);
  });

  it('keeps the runways of each airport, none for an airport without', () => {
    const runway = (ident: string, end: string) => ({
      airportIdent: ident,
      lengthFt: 6_000,
      widthFt: 150,
      surface: 'ASP',
      closed: false,
      le: { ident: end, lat: 1, lon: 1, elevationFt: 0, headingDegT: 90 },
      he: null,
    });
    const idx = buildAirportIndex(
      [airport('AAAA', 'small_airport', 1, 1), airport('BBBB', 'small_airport', 2, 2)],
      [runway('AAAA', '09'), runway('AAAA', '18'), runway('ZZZZ', '01')],
    );
    expect(idx.runwaysOf('AAAA').map((r) => r.le.ident)).toEqual(['09', '18']);
    expect(idx.runwaysOf('BBBB')).toEqual([]);
  });
});
