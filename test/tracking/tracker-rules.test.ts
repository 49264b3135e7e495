import { describe, it, expect } from 'vitest';
import type { Sighting } from '../../src/tracking/sighting.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/tracking/tracker-config.js';
import { haversineKm } from '../../src/shared/geo.js';
import { generateFlight, generateFlights, type FlightPlan } from '../support/trajectory-generator.js';
import { MUHA, MUVR, SVMI, TNCC } from '../support/test-airports.js';
import { lastTime, replay, replayAll } from '../support/trajectory-replay.js';

const T0 = Date.UTC(2025, 10, 3, 6, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const HEX = '1533ad';
const base: FlightPlan = { hex: HEX, callsign: 'AZS8765', from: SVMI, to: MUHA, departAt: T0 };

function landings(events: ReturnType<typeof replayAll>['events']): string[] {
  return events
    .filter((e) => e.kind === 'landing')
    .map((e) => (e.kind === 'landing' ? `${e.airport}${e.inferred ? '?' : ''}` : ''));
}

describe('tracking rules on generated flights', () => {
  it('an 8-minute gap at about 2,600 ft near an airport, reappearing airborne, is one gap and no landing', () => {
    // Low approach at TNCC; the transponder goes off descending through ~2,600 ft and back on 8 min later.
    const descentTo300AglMs = ((2_600 - TNCC.elevationFt - 300) / 800) * MIN;
    const flight = generateFlight({
      ...base,
      lowApproaches: [TNCC],
      transponderOff: [
        {
          from: { lowPass: 0, offsetMs: -descentTo300AglMs },
          to: { lowPass: 0, offsetMs: 7.6 * MIN - descentTo300AglMs },
        },
      ],
    });
    const out = replayAll(flight.sightings, 2 * HOUR);
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({
      departureAirport: 'SVMI',
      arrivalAirport: 'MUHA',
      arrivalInferred: false,
      status: 'landed',
    });
    expect(out.gaps).toHaveLength(1);
    const gap = out.gaps[0]!;
    expect(gap.startAltFt!).toBeGreaterThanOrEqual(2_500);
    expect(gap.startAltFt!).toBeLessThanOrEqual(3_100);
    expect(haversineKm(gap.startLat, gap.startLon, TNCC.lat, TNCC.lon)).toBeLessThan(20);
    expect(gap.endOnGround).toBe(false);
    // The window is 7.6 min; the silence seen by the tracker adds up to one poll interval.
    expect(gap.endedAt! - gap.startedAt).toBeGreaterThanOrEqual(7.5 * MIN);
    expect(gap.endedAt! - gap.startedAt).toBeLessThanOrEqual(8.7 * MIN);
    expect(landings(out.events)).toEqual(['MUHA']);
  });

  it('two 12-minute gaps at FL350 are one leg with two gaps', () => {
    const flight = generateFlight({
      ...base,
      profile: { cruiseFt: 35_000 },
      transponderOff: [
        { from: { at: 'top_of_climb', offsetMs: 10 * MIN }, to: { at: 'top_of_climb', offsetMs: 22 * MIN } },
        { from: { at: 'top_of_climb', offsetMs: 60 * MIN }, to: { at: 'top_of_climb', offsetMs: 72 * MIN } },
      ],
    });
    const out = replayAll(flight.sightings, 2 * HOUR);
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({ departureAirport: 'SVMI', arrivalAirport: 'MUHA', status: 'landed' });
    expect(out.gaps).toHaveLength(2);
    for (const gap of out.gaps) {
      expect([gap.startAltFt, gap.endAltFt]).toEqual([35_000, 35_000]);
      expect(gap.legKey).toBe(out.legs[0]!.key);
      expect(Math.abs(gap.endedAt! - gap.startedAt - 12 * MIN)).toBeLessThanOrEqual(35_000);
      expect(gap.impliedSpeedKt!).toBeGreaterThan(400);
      expect(gap.impliedSpeedKt!).toBeLessThan(460);
    }
  });

  it('a low approach (go-around) at another airport is not a landing', () => {
    const flight = generateFlight({ ...base, lowApproaches: [MUVR] });
    const lowest = Math.min(
      ...flight.sightings
        .filter((s) => !s.onGround && haversineKm(s.lat, s.lon, MUVR.lat, MUVR.lon) < 10)
        .map((s) => s.altBaroFt!),
    );
    expect(lowest).toBeLessThan(MUVR.elevationFt + 700); // the generator really flew it low over MUVR
    const out = replayAll(flight.sightings, 2 * HOUR);
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({ departureAirport: 'SVMI', arrivalAirport: 'MUHA', arrivalInferred: false });
    expect(out.gaps).toHaveLength(0);
    expect(landings(out.events)).toEqual(['MUHA']);
  });

  describe('a track that ends at FL330', () => {
    const flight = generateFlight({ ...base, truncateAt: { at: 'top_of_climb', offsetMs: 30 * MIN } });
    const last = lastTime(flight.sightings);
    const { lostAfterMs, absenceGraceMs, gapAfterMs } = DEFAULT_TRACKER_CONFIG;

    it.each([
      { name: 'still silent for less than gapAfterMs', afterMs: gapAfterMs - MIN, status: 'airborne', gapOpen: false },
      { name: 'silent for 11 h', afterMs: 11 * HOUR, status: 'airborne', gapOpen: true },
      { name: 'silent past lostAfterMs', afterMs: lostAfterMs + absenceGraceMs + MIN, status: 'lost', gapOpen: true },
    ])('$name -> $status, no arrival', ({ afterMs, status, gapOpen }) => {
      const out = replay([
        { sightings: flight.sightings, asOf: last + 30_000 },
        { sightings: [], asOf: last + afterMs },
      ]);
      expect(out.legs).toHaveLength(1);
      const leg = out.legs[0]!;
      expect(leg).toMatchObject({
        departureAirport: 'SVMI',
        arrivalAirport: null,
        arrivalLat: null,
        arrivedAt: null,
        status,
      });
      expect(out.gaps.length).toBe(gapOpen ? 1 : 0);
      if (gapOpen) expect(out.gaps[0]).toMatchObject({ startedAt: last, startAltFt: 33_000, endedAt: null });
      expect(out.events.filter((e) => e.kind === 'leg_closed').length).toBe(status === 'lost' ? 1 : 0);
    });
  });

  it.each([
    {
      name: 'first seen at cruise far from any field',
      startAt: { at: 'top_of_climb', offsetMs: 20 * MIN } as const,
      dep: null,
      inferred: false,
    },
    {
      name: 'first seen low and climbing out of SVMI',
      startAt: { at: 'takeoff', offsetMs: 2 * MIN } as const,
      dep: 'SVMI',
      inferred: true,
    },
  ])('departure when $name', ({ startAt, dep, inferred }) => {
    const flight = generateFlight({ ...base, startAt });
    const out = replayAll(flight.sightings);
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({ departureAirport: dep, departureInferred: inferred, arrivalAirport: 'MUHA' });
    if (inferred) {
      // Estimated from height / climb rate: within a minute of the real takeoff.
      expect(Math.abs(out.legs[0]!.departedAt! - flight.marks.takeoff)).toBeLessThan(MIN);
    }
  });

  it('a track last seen descending on final, then silent, lands there (inferred)', () => {
    const flight = generateFlight({ ...base, truncateAt: { at: 'touchdown', offsetMs: -2 * MIN } });
    const last = lastTime(flight.sightings);
    const out = replay([
      { sightings: flight.sightings, asOf: last },
      { sightings: [], asOf: last + DEFAULT_TRACKER_CONFIG.inferArrivalAfterMs + 2 * MIN },
    ]);
    expect(out.legs[0]).toMatchObject({
      arrivalAirport: 'MUHA',
      arrivalInferred: true,
      arrivedAt: last,
      status: 'landed',
    });
    expect(landings(out.events)).toEqual(['MUHA?']);
  });

  it('a long gap that ends climbing out of another field is a dark landing there and a new leg', () => {
    const { flights, sightings } = generateFlights([
      {
        ...base,
        to: TNCC,
        transponderOff: [{ from: { at: 'touchdown', offsetMs: -15 * MIN }, to: { at: 'end', offsetMs: HOUR } }],
      },
      { ...base, from: TNCC, departAt: T0 + 3 * HOUR, startAt: { at: 'takeoff', offsetMs: 90_000 } },
    ]);
    expect(flights).toHaveLength(2);
    const out = replayAll(sightings);
    expect(out.legs.map((l) => [l.departureAirport, l.departureInferred, l.arrivalAirport, l.arrivalInferred])).toEqual(
      [
        ['SVMI', false, 'TNCC', true],
        ['TNCC', true, 'MUHA', false],
      ],
    );
    expect(out.gaps).toHaveLength(1);
  });

  it('an aircraft parked on the ground for hours, taxi jitter included, produces nothing', () => {
    const parked: Sighting[] = [];
    for (let t = T0; t < T0 + 6 * HOUR; t += 30_000) {
      const wobble = ((t / 30_000) % 7) * 0.00003;
      parked.push({ ...groundAt(t), lat: SVMI.lat + wobble, lon: SVMI.lon - wobble });
    }
    const out = replay([
      { sightings: parked.slice(0, 300), asOf: parked[299]!.observedAt },
      { sightings: parked.slice(300), asOf: T0 + 6 * HOUR },
      { sightings: [], asOf: T0 + 30 * HOUR },
    ]);
    expect(out.events).toEqual([]);
    expect(out.legs).toEqual([]);
    expect(out.gaps).toEqual([]);
    expect(out.accepted).toHaveLength(parked.length);
  });

  it.each([
    {
      name: 'a cruise altitude reported while taxiing',
      glitch: (t: number) => ({ ...groundAt(t), onGround: false, altBaroFt: 36_000 }),
      reason: 'implausible_altitude',
    },
    {
      name: 'an airborne report with no altitude or speed',
      glitch: (t: number) => ({ ...groundAt(t), onGround: false, altBaroFt: null }),
      reason: 'ground_clutter',
    },
    {
      name: 'a 400 ft airborne blip on the runway',
      glitch: (t: number) => ({ ...groundAt(t), onGround: false, altBaroFt: 650, groundSpeedKt: 20 }),
      reason: null,
    },
  ])('ground clutter is not a leg: $name', ({ glitch, reason }) => {
    const points: Sighting[] = [];
    for (let i = 0; i < 60; i++) {
      const t = T0 + i * 15_000;
      points.push(i % 6 === 3 ? glitch(t) : groundAt(t));
    }
    const out = replayAll(points, HOUR);
    expect(out.legs).toEqual([]);
    expect(out.events).toEqual([]);
    if (reason !== null) expect(out.dropped[reason]).toBe(10);
  });

  it('a spoofed position jump is dropped and changes no record', () => {
    const clean = generateFlight(base).sightings;
    const i = Math.floor(clean.length / 2);
    const spoofed = [
      ...clean.slice(0, i),
      { ...clean[i]!, observedAt: clean[i]!.observedAt + 1_000, lat: 48.0, lon: 37.0 },
      ...clean.slice(i),
    ];
    const a = replayAll(clean, HOUR);
    const b = replayAll(spoofed, HOUR);
    expect(b.dropped).toEqual({ implausible_jump: 1 });
    expect(b.legs).toEqual(a.legs);
    expect(b.gaps).toEqual(a.gaps);
  });

  it('a bad first anchor is replaced once enough consistent sightings disagree with it', () => {
    const real = generateFlight({ ...base, startAt: { at: 'top_of_climb', offsetMs: 20 * MIN } }).sightings;
    const first = real[0]!;
    const bogus = { ...first, observedAt: first.observedAt - 30_000, lat: 60.0, lon: 30.0 };
    const out = replayAll([bogus, ...real]);
    const { reanchorMinPoints } = DEFAULT_TRACKER_CONFIG;
    expect(out.legs).toHaveLength(1);
    expect(out.legs[0]).toMatchObject({
      departureAirport: null,
      arrivalAirport: 'MUHA',
      arrivalInferred: false,
      status: 'landed',
    });
    expect(out.dropped).toEqual({});
    expect(out.accepted).toHaveLength(real.length + 1);
    expect(reanchorMinPoints).toBeGreaterThan(1);
  });
});

function groundAt(t: number): Sighting {
  return {
    hex: HEX,
    observedAt: t,
    lat: SVMI.lat,
    lon: SVMI.lon,
    altBaroFt: null,
    onGround: true,
    groundSpeedKt: 0,
    trackDeg: null,
    verticalRateFpm: null,
    squawk: null,
    callsign: null,
    registration: null,
    typeCode: null,
    source: 'test',
  };
}
