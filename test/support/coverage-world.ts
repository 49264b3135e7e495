import { destinationPoint, haversineKm, KM_PER_NM } from '../../src/shared/geo.js';
import type { WorldAircraft, WorldStep } from './feed-world.js';

/** What the watched aircraft's transponder does at a minute of the flight. */
export type TransponderState = 'on' | 'off' | 'mode_s';

export interface Companion {
  hex: string;
  /** Offset from the watched aircraft: km to the right of its track (negative: left) and km ahead. */
  rightKm: number;
  aheadKm: number;
  altFt: number;
}

export interface CoverageFlight {
  watchedHex: string;
  t0: number;
  minutes: number;
  start: { lat: number; lon: number };
  trackDeg: number;
  speedKt: number;
  altFt: number;
  /** Aircraft flying in loose formation with the watched one (heard unless in the hole or an outage). */
  companions?: readonly Companion[];
  /** Traffic listed at every minute wherever it is (e.g. around an airport far away). */
  background?: readonly WorldAircraft[];
  transponder?: (minute: number) => TransponderState;
  /** A reception hole: nobody inside it is listed. */
  hole?: { lat: number; lon: number; radiusKm: number };
  /** Minutes at which every provider lists nothing at all. */
  outage?: (minute: number) => boolean;
}

/** Where the watched aircraft is `minute` minutes into the flight. */
export function watchedPosition(flight: CoverageFlight, minute: number): { lat: number; lon: number } {
  const km = flight.speedKt * KM_PER_NM * (minute / 60);
  return destinationPoint(flight.start.lat, flight.start.lon, flight.trackDeg, km);
}

/**
 * One world step a minute: the watched aircraft on a straight track at constant speed and height, its
 * companions around it, and the background, as the feeds would list them at that minute.
 */
export function coverageFlightSteps(flight: CoverageFlight): WorldStep[] {
  const steps: WorldStep[] = [];
  for (let minute = 0; minute <= flight.minutes; minute++) {
    const nowMs = flight.t0 + minute * 60_000;
    if (flight.outage?.(minute)) {
      steps.push({ nowMs, aircraft: [] });
      continue;
    }
    const here = watchedPosition(flight, minute);
    const inHole = (p: { lat: number; lon: number }) =>
      flight.hole !== undefined && haversineKm(p.lat, p.lon, flight.hole.lat, flight.hole.lon) <= flight.hole.radiusKm;
    const aircraft: WorldAircraft[] = [];
    const state = flight.transponder?.(minute) ?? 'on';
    if (!inHole(here) && state === 'on') {
      aircraft.push({
        hex: flight.watchedHex,
        lat: here.lat,
        lon: here.lon,
        alt: flight.altFt,
        gs: flight.speedKt,
        track: flight.trackDeg,
        flight: 'TW11',
        t: 'IL76',
        r: 'RA-78765',
      });
    } else if (state === 'mode_s') {
      // Heard, but without a position: a Mode S-only row with a rough receiver estimate.
      aircraft.push({
        hex: flight.watchedHex,
        type: 'mode_s',
        seen: 1,
        t: 'IL76',
        extra: { rr_lat: Number(here.lat.toFixed(1)), rr_lon: Number(here.lon.toFixed(1)) },
      });
    }
    for (const c of flight.companions ?? []) {
      const ahead = destinationPoint(here.lat, here.lon, flight.trackDeg, c.aheadKm);
      const p = destinationPoint(ahead.lat, ahead.lon, (flight.trackDeg + 90) % 360, c.rightKm);
      if (inHole(p)) continue;
      aircraft.push({
        hex: c.hex,
        lat: p.lat,
        lon: p.lon,
        alt: c.altFt,
        gs: flight.speedKt,
        track: flight.trackDeg,
        t: 'B738',
      });
    }
    for (const b of flight.background ?? [])
      if (b.lat === undefined || !inHole({ lat: b.lat, lon: b.lon! })) aircraft.push(b);
    steps.push({ nowMs, aircraft });
  }
  return steps;
}

/** A handful of companions within 60 km, at FL280-FL340. */
export function formation(prefix: string, count: number): Companion[] {
  return Array.from({ length: count }, (_, i) => ({
    hex: `${prefix}${String(i).padStart(6 - prefix.length, '0')}`,
    rightKm: (i % 2 === 0 ? 1 : -1) * (15 + 10 * i),
    aheadKm: 10 * ((i % 3) - 1),
    altFt: 28_000 + 2_000 * (i % 4),
  }));
}

/** Traffic parked and circling around a point (e.g. an airport far from the flight), always listed. */
export function backgroundAround(lat: number, lon: number, count: number, prefix = 'bb'): WorldAircraft[] {
  return Array.from({ length: count }, (_, i) => {
    const p = destinationPoint(lat, lon, (i * 360) / count, 10 + 5 * i);
    return { hex: `${prefix}${String(i).padStart(4, '0')}`, lat: p.lat, lon: p.lon, alt: 3_000 + 1_000 * i, t: 'A320' };
  });
}

/** `count` aircraft parked over the Caribbean at random (seeded) places and heights: the rest of the traffic. */
export function caribbeanTraffic(count: number, seed: number, prefix = 'cb'): WorldAircraft[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, (_, i) => ({
    hex: `${prefix}${String(i).padStart(4, '0')}`,
    lat: 10 + next() * 14,
    lon: -88 + next() * 28,
    alt: Math.round(2_000 + next() * 38_000),
    gs: 250 + Math.round(next() * 250),
    track: Math.round(next() * 360),
    t: 'A320',
  }));
}
