import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  destinationPoint,
  EARTH_RADIUS_KM,
  haversineKm,
  initialBearingDeg,
  intermediatePoint,
  impliedSpeedKt,
} from '../../src/shared/geo.js';

describe('geo', () => {
  it.each([
    { name: 'one degree of latitude', a: [0, 0], b: [1, 0], km: (Math.PI / 180) * EARTH_RADIUS_KM },
    { name: 'a quarter of the equator', a: [0, 0], b: [0, 90], km: (Math.PI / 2) * EARTH_RADIUS_KM },
    { name: 'pole to pole', a: [90, 0], b: [-90, 0], km: Math.PI * EARTH_RADIUS_KM },
    { name: 'across the antimeridian', a: [0, 179.5], b: [0, -179.5], km: (Math.PI / 180) * EARTH_RADIUS_KM },
  ])('haversineKm: $name', ({ a, b, km }) => {
    expect(haversineKm(a[0]!, a[1]!, b[0]!, b[1]!)).toBeCloseTo(km, 6);
  });

  it('destinationPoint inverts bearing and distance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 179.9, noNaN: true }),
        fc.double({ min: 0, max: 359.9, noNaN: true }),
        fc.double({ min: 1, max: 5_000, noNaN: true }),
        (lat, lon, bearing, km) => {
          const p = destinationPoint(lat, lon, bearing, km);
          expect(haversineKm(lat, lon, p.lat, p.lon)).toBeCloseTo(km, 3);
          const back = initialBearingDeg(lat, lon, p.lat, p.lon);
          const diff = Math.abs(((back - bearing + 540) % 360) - 180);
          expect(diff).toBeLessThan(0.01);
        },
      ),
    );
  });

  it('intermediatePoint splits the great circle in proportion', () => {
    const total = haversineKm(10.6, -67, 22.99, -82.41);
    const mid = intermediatePoint(10.6, -67, 22.99, -82.41, 0.25);
    expect(haversineKm(10.6, -67, mid.lat, mid.lon)).toBeCloseTo(total * 0.25, 6);
    expect(haversineKm(mid.lat, mid.lon, 22.99, -82.41)).toBeCloseTo(total * 0.75, 6);
  });

  it('impliedSpeedKt converts km per time into knots', () => {
    expect(impliedSpeedKt(1.852 * 430, 3_600_000)).toBeCloseTo(430, 9);
    expect(impliedSpeedKt(5, 0)).toBe(Infinity);
  });
});
