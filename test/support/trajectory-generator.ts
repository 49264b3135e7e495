import type { Sighting } from '../../src/tracking/sighting.js';
import { destinationPoint } from '../../src/shared/geo.js';
import {
  DEFAULT_PROFILE,
  FlightProfile,
  type FlightMarks,
  type Place,
  type ProfileOptions,
} from './trajectory-profile.js';
import { seededRandom, type Random } from './trajectory-random.js';

export type { Place, FlightMarks } from './trajectory-profile.js';

/**
 * Synthetic but realistic flights for tests: taxi, takeoff roll, climb, great-circle cruise, descent,
 * approach, landing roll, taxi and a parked spell, sampled at a poll interval with each point stamped
 * with its own time (poll time minus a 0-2 s position age). Optional low approaches (go-arounds, no
 * ground contact) at intermediate airports, transponder-off windows, truncation and feed noise.
 * Deterministic for a given seed.
 */

/** A point in a flight: a named moment plus an offset, or the moment it is `kmBeforeArrival` out. */
export type FlightMark =
  | { at: 'start' | 'takeoff' | 'top_of_climb' | 'top_of_descent' | 'touchdown' | 'end'; offsetMs?: number }
  | { lowPass: number; offsetMs?: number }
  | { kmBeforeArrival: number; offsetMs?: number };

export interface TransponderOff {
  from: FlightMark;
  to: FlightMark;
}

export interface FlightNoise {
  /** Standard deviation of the position error, metres (MLAT-like jitter). */
  jitterM?: number;
  /** Probability that a point is also reported by a second provider (same time, same data). */
  duplicateProb?: number;
  /** Probability that a point is delivered before the previous one. */
  outOfOrderProb?: number;
  /** Probability that a stale copy of a point 2-5 polls old is delivered again after a point. */
  staleProb?: number;
  /** Probability that a point's position is spoofed 300-3,000 km away (time and altitude kept). */
  spoofProb?: number;
}

export interface FlightPlan {
  hex: string;
  callsign?: string | null;
  registration?: string | null;
  typeCode?: string | null;
  from: Place;
  to: Place;
  /** Airports overflown in a low approach / go-around on the way, in order. */
  lowApproaches?: readonly Place[];
  /** Start of taxi-out, epoch ms. */
  departAt: number;
  profile?: Partial<ProfileOptions>;
  /** Poll interval, default 30 s. */
  pollMs?: number;
  transponderOff?: readonly TransponderOff[];
  /** No points before this mark (e.g. first seen at cruise). */
  startAt?: FlightMark;
  /** No points after this mark (e.g. the track ends at cruise). */
  truncateAt?: FlightMark;
  noise?: FlightNoise;
  seed?: number;
  source?: string;
}

export interface GeneratedFlight {
  plan: FlightPlan;
  marks: FlightMarks;
  /** In delivery order (time order unless out-of-order / stale noise was asked for). */
  sightings: Sighting[];
  /** Resolves a mark of this flight to epoch ms. */
  timeOf(mark: FlightMark): number;
}

export function generateFlight(plan: FlightPlan): GeneratedFlight {
  const options: ProfileOptions = { ...DEFAULT_PROFILE, ...plan.profile };
  const profile = new FlightProfile([plan.from, ...(plan.lowApproaches ?? []), plan.to], plan.departAt, options);
  const marks = profile.marks;
  const timeOf = (mark: FlightMark): number => {
    const offset = mark.offsetMs ?? 0;
    if ('kmBeforeArrival' in mark) return profile.timeAtKmBeforeArrival(mark.kmBeforeArrival) + offset;
    if ('lowPass' in mark) {
      const t = marks.lowPasses[mark.lowPass];
      if (t === undefined) throw new Error(`flight has no low approach #${mark.lowPass}`);
      return t + offset;
    }
    const named = {
      start: marks.start,
      takeoff: marks.takeoff,
      top_of_climb: marks.topOfClimb,
      top_of_descent: marks.topOfDescent,
      touchdown: marks.touchdown,
      end: marks.end,
    };
    return named[mark.at] + offset;
  };
  const rng = seededRandom(plan.seed ?? 1);
  const pollMs = plan.pollMs ?? 30_000;
  const first = plan.startAt ? timeOf(plan.startAt) : marks.start;
  const lastT = plan.truncateAt ? timeOf(plan.truncateAt) : marks.end;
  const off = (plan.transponderOff ?? []).map((w) => [timeOf(w.from), timeOf(w.to)] as const);
  const clean: Sighting[] = [];
  for (let poll = marks.start; poll <= marks.end; poll += pollMs) {
    const t = Math.max(marks.start, poll - Math.round(rng.next() * 2_000));
    if (t < first || t > lastT || off.some(([a, b]) => t >= a && t < b)) continue;
    const s = profile.at(t);
    clean.push({
      hex: plan.hex,
      observedAt: t,
      lat: round(s.lat, 5),
      lon: round(s.lon, 5),
      altBaroFt: s.onGround ? null : Math.round(s.altFt / 25) * 25,
      onGround: s.onGround,
      groundSpeedKt: round(s.groundSpeedKt, 1),
      trackDeg: round(s.trackDeg, 1),
      verticalRateFpm: s.onGround ? null : Math.round(s.verticalRateFpm / 64) * 64,
      squawk: '2000',
      callsign: plan.callsign ?? null,
      registration: plan.registration ?? null,
      typeCode: plan.typeCode ?? null,
      source: plan.source ?? 'generator',
    });
  }
  return { plan, marks, sightings: plan.noise ? addNoise(clean, plan.noise, rng) : clean, timeOf };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function addNoise(points: readonly Sighting[], noise: FlightNoise, rng: Random): Sighting[] {
  const out: Sighting[] = [];
  for (let i = 0; i < points.length; i++) {
    let s = points[i]!;
    if (noise.jitterM) {
      const km = (Math.abs(rng.gaussian()) * noise.jitterM) / 1000;
      const moved = destinationPoint(s.lat, s.lon, rng.between(0, 360), km);
      s = { ...s, lat: round(moved.lat, 5), lon: round(moved.lon, 5) };
    }
    if (rng.chance(noise.spoofProb ?? 0)) {
      const spoofed = destinationPoint(s.lat, s.lon, rng.between(0, 360), rng.between(300, 3_000));
      s = { ...s, lat: round(spoofed.lat, 5), lon: round(spoofed.lon, 5), source: `${s.source}-spoofed` };
    }
    out.push(s);
    if (rng.chance(noise.duplicateProb ?? 0)) out.push({ ...s, source: `${s.source}-b` });
    if (out.length >= 2 && rng.chance(noise.outOfOrderProb ?? 0)) {
      const a = out[out.length - 2]!;
      out[out.length - 2] = out[out.length - 1]!;
      out[out.length - 1] = a;
    }
    if (i >= 5 && rng.chance(noise.staleProb ?? 0)) {
      const old = points[i - 2 - Math.floor(rng.next() * 4)]!;
      out.push({ ...old, source: `${old.source}-stale` });
    }
  }
  return out;
}

/** Concatenates several flights of one or more airframes (delivery order kept per flight). */
export function generateFlights(plans: readonly FlightPlan[]): { flights: GeneratedFlight[]; sightings: Sighting[] } {
  const flights = plans.map(generateFlight);
  return { flights, sightings: flights.flatMap((f) => f.sightings) };
}
