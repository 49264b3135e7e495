import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';

const NOW = Date.UTC(2025, 9, 28, 14, 0, 0);

/** Rows that are mostly plausible, with any field liable to be replaced by arbitrary JSON. */
const messyValue = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.double(), fc.constant('ground'));
const nearRow = fc.record(
  {
    hex: fc.oneof(fc.stringMatching(/^~?[0-9a-fA-F]{5,7}$/), messyValue),
    lat: fc.oneof(fc.double({ min: -100, max: 100 }), messyValue),
    lon: fc.oneof(fc.double({ min: -200, max: 200 }), messyValue),
    seen_pos: fc.oneof(fc.double({ min: -2, max: 120 }), messyValue),
    seen: fc.oneof(fc.double({ min: 0, max: 60 }), messyValue),
    alt_baro: fc.oneof(fc.integer({ min: -1000, max: 50_000 }), messyValue),
    gs: messyValue,
    track: messyValue,
    baro_rate: messyValue,
    squawk: fc.oneof(fc.stringMatching(/^[0-9]{4}$/), messyValue),
    flight: messyValue,
    r: messyValue,
    t: messyValue,
    lastPosition: messyValue,
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc.jsonValue(),
  fc.record({
    ac: fc.array(fc.oneof(nearRow, fc.jsonValue()), { maxLength: 30 }),
    now: fc.oneof(fc.constant(NOW), fc.double(), fc.jsonValue()),
  }),
  fc.record({ aircraft: fc.array(nearRow, { maxLength: 10 }), now: fc.oneof(fc.constant(NOW / 1000), fc.double()) }),
);

describe('parseFeedResponse on arbitrary input (property)', () => {
  it('only ever throws FEED_BAD_RESPONSE, and every sighting it emits is sound', () => {
    fc.assert(
      fc.property(body, (value) => {
        let result;
        try {
          result = parseFeedResponse(value, 'fuzz');
        } catch (error) {
          expect(isTailwatchError(error, 'FEED_BAD_RESPONSE')).toBe(true);
          return;
        }
        const rows = Array.isArray((value as { ac?: unknown }).ac)
          ? (value as { ac: unknown[] }).ac.length
          : (value as { aircraft: unknown[] }).aircraft.length;
        const dropped = Object.values(result.dropped).reduce((sum, n) => sum + n, 0);
        expect(result.sightings.length + dropped).toBe(rows);
        for (const s of result.sightings) {
          expect(s.hex).toMatch(/^[0-9a-f]{6}$/);
          expect(Number.isFinite(s.lat) && Math.abs(s.lat) <= 90).toBe(true);
          expect(Number.isFinite(s.lon) && Math.abs(s.lon) <= 180).toBe(true);
          expect(Number.isInteger(s.observedAt)).toBe(true);
          expect(s.observedAt).toBeLessThanOrEqual(result.now);
          expect(s.observedAt).toBeGreaterThanOrEqual(result.now - 60_000);
          expect(s.onGround ? s.altBaroFt === null : true).toBe(true);
          expect(s.squawk === null || /^[0-7]{4}$/.test(s.squawk)).toBe(true);
          for (const n of [s.altBaroFt, s.groundSpeedKt, s.trackDeg, s.verticalRateFpm])
            expect(n === null || Number.isFinite(n)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
