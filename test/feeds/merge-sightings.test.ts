import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSightings, SAME_REPORT_MS } from '../../src/feeds/merge-sightings.js';
import type { Sighting } from '../../src/tracking/sighting.js';

const T0 = Date.UTC(2025, 9, 29, 18, 0, 0);

function sighting(overrides: Partial<Sighting>): Sighting {
  return {
    hex: '1533ad',
    observedAt: T0,
    lat: 12.1415,
    lon: -86.1682,
    altBaroFt: 1200,
    onGround: false,
    groundSpeedKt: 140,
    trackDeg: 100,
    verticalRateFpm: -700,
    squawk: null,
    callsign: null,
    registration: null,
    typeCode: null,
    source: 'adsb.lol',
    ...overrides,
  };
}

describe('mergeSightings', () => {
  it('keeps one row per (hex, observedAt): the one with most fields', () => {
    const poor = sighting({ source: 'adsb.lol' });
    const rich = sighting({ source: 'adsb.fi', callsign: 'AZS765', registration: 'RA-78765', typeCode: 'IL76' });
    // Both providers reported it: the kept row says so.
    const heard = { ...rich, heardBy: ['adsb.fi', 'adsb.lol'] };
    expect(mergeSightings([[poor], [rich]])).toEqual([heard]);
    expect(mergeSightings([[rich], [poor]])).toEqual([heard]);
    // The inputs are not changed.
    expect(rich.heardBy).toBeUndefined();
  });

  it('lists the providers of a position only when more than one reported it', () => {
    const lol = sighting({ source: 'adsb.lol' });
    const lolAgain = sighting({ source: 'adsb.lol', callsign: 'AZS765' });
    const fiLater = sighting({ source: 'adsb.fi', observedAt: T0 + 400, lat: 12.1425 });
    const merged = mergeSightings([[lol, fiLater], [lolAgain]]);
    expect(merged).toEqual([lolAgain, fiLater]);
    expect(merged.every((s) => s.heardBy === undefined)).toBe(true);
    // A row already merged (e.g. carried in the engine state) keeps its providers and gains new ones.
    const carried = { ...lol, heardBy: ['adsb.fi', 'adsb.lol'] };
    const sky = sighting({ source: 'opensky-network.org' });
    expect(mergeSightings([[carried], [sky]])[0]?.heardBy).toEqual(['adsb.fi', 'adsb.lol', 'opensky-network.org']);
  });

  it('keeps rows at different times and of different hexes, sorted by (hex, observedAt)', () => {
    // (An aircraft moves between two of its positions: the same coordinates within SAME_REPORT_MS are one report.)
    const a2 = sighting({ hex: '152c07', observedAt: T0 + 2000, lat: 12.1425 });
    const a1 = sighting({ hex: '152c07', observedAt: T0 + 1000 });
    const b1 = sighting({ hex: '1533ad', observedAt: T0 });
    expect(mergeSightings([[b1, a2], [a1]])).toEqual([a1, a2, b1]);
  });

  it('breaks ties between equally rich rows the same way whatever the input order', () => {
    const fromLol = sighting({ source: 'adsb.lol', lat: 12.1416 });
    const fromFi = sighting({ source: 'adsb.fi', lat: 12.1414 });
    const fromLive = sighting({ source: 'airplanes.live' });
    const orders = [[[fromLol], [fromFi], [fromLive]], [[fromLive, fromFi], [fromLol]], [[fromFi, fromLive, fromLol]]];
    const results = orders.map((lists) => mergeSightings(lists));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toHaveLength(1);
  });

  it('one report timed a little differently by two providers (each its own `now`) is one row', () => {
    const lol = sighting({ source: 'adsb.lol', observedAt: T0 + 300 });
    const fi = sighting({ source: 'adsb.fi', observedAt: T0 + 1200, callsign: 'AZS765' });
    const sky = sighting({ source: 'opensky-network.org', observedAt: T0 });
    // The richest row is kept, with its own time; every provider is listed.
    const merged = mergeSightings([[lol], [fi], [sky]]);
    expect(merged).toEqual([{ ...fi, heardBy: ['adsb.fi', 'adsb.lol', 'opensky-network.org'] }]);
    expect(mergeSightings([[sky], [fi], [lol]])).toEqual(merged);
    // More than SAME_REPORT_MS apart, or anywhere else: another report.
    const later = sighting({ source: 'adsb.fi', observedAt: T0 + SAME_REPORT_MS + 1 });
    const moved = sighting({ source: 'adsb.fi', observedAt: T0 + 500, lon: -86.17 });
    expect(mergeSightings([[sky], [later, moved]])).toEqual([sky, moved, later]);
    // One response alone (a whole-sky snapshot) is taken as it is.
    expect(mergeSightings([[lol, sky]])).toEqual([sky, lol]);
  });

  it('returns the same result for any permutation of its input (property)', () => {
    const arbSighting = fc.record({
      hex: fc.constantFrom('1533ad', '152c07', '152c2a'),
      observedAt: fc.integer({ min: T0, max: T0 + 5 }),
      source: fc.constantFrom('adsb.lol', 'adsb.fi', 'airplanes.live'),
      callsign: fc.option(fc.constantFrom('AZS765', 'AZS766'), { nil: null }),
      squawk: fc.option(fc.constantFrom('2000', '7500'), { nil: null }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(arbSighting, { maxLength: 20 }), fc.integer(), (parts, seed) => {
        const rows = parts.map((part) => sighting(part));
        const shuffled = [...rows].sort(
          (a, b) => ((rows.indexOf(a) * 7919 + seed) % 13) - ((rows.indexOf(b) * 7919 + seed) % 13),
        );
        const merged = mergeSightings([rows]);
        expect(mergeSightings([shuffled])).toEqual(merged);
        expect(new Set(merged.map((s) => `${s.hex}@${s.observedAt}`)).size).toBe(merged.length);
      }),
    );
  });
});
