import {
  destinationPoint,
  haversineKm,
  initialBearingDeg,
  intermediatePoint,
  KM_PER_NM,
} from '../../src/shared/geo.js';

/** An airport as the generator needs it. */
export interface Place {
  ident: string;
  lat: number;
  lon: number;
  elevationFt: number;
}

/** Kinematic knobs of one flight (defaults suit an Il-76TD). */
export interface ProfileOptions {
  cruiseFt: number; // 33,000
  cruiseKt: number; // 430
  climbFpm: number; // 2,000
  descentFpm: number; // 1,800
  approachFpm: number; // 800 (the last 3,000 ft before touchdown or a low pass)
  lowPassAglFt: number; // 300 (lowest point of a low approach / go-around)
  taxiOutMs: number; // 8 min
  taxiInMs: number; // 5 min
  parkMs: number; // 15 min on the ground after taxi-in, transponder on
}

export const DEFAULT_PROFILE: ProfileOptions = {
  cruiseFt: 33_000,
  cruiseKt: 430,
  climbFpm: 2_000,
  descentFpm: 1_800,
  approachFpm: 800,
  lowPassAglFt: 300,
  taxiOutMs: 8 * 60_000,
  taxiInMs: 5 * 60_000,
  parkMs: 15 * 60_000,
};

/** One piece of the flight with linear speed and altitude in time. */
interface Phase {
  onGround: boolean;
  t0: number;
  t1: number;
  v0: number; // kt
  v1: number;
  alt0: number; // ft
  alt1: number;
  /** Distance along the path at t0 (km, within its path). */
  d0: number;
  path: Path;
}

/** A ground path is a straight line (start, bearing); an airborne path is a great circle A -> B of length km. */
interface Path {
  lat: number;
  lon: number;
  toLat: number;
  toLon: number;
  km: number;
  /** Distance the phases plan to cover on this path; positions are scaled so the path ends exactly at B. */
  plannedKm: number;
  straight: boolean;
  bearing: number;
}

/** A sampled state of the aircraft. */
export interface ProfileState {
  lat: number;
  lon: number;
  altFt: number;
  onGround: boolean;
  groundSpeedKt: number;
  trackDeg: number;
  verticalRateFpm: number;
}

export interface FlightMarks {
  start: number;
  takeoff: number;
  topOfClimb: number;
  topOfDescent: number;
  touchdown: number;
  end: number;
  /** Time over each low-approach airport, in order. */
  lowPasses: number[];
}

const TAKEOFF_ROLL_MS = 40_000;
const LANDING_ROLL_MS = 40_000;
const MS_PER_MIN = 60_000;

function kmCovered(v0: number, v1: number, ms: number): number {
  return (((v0 + v1) / 2) * KM_PER_NM * ms) / 3_600_000;
}

function straightPath(lat: number, lon: number, bearing: number, km: number): Path {
  const to = destinationPoint(lat, lon, bearing, km);
  return { lat, lon, toLat: to.lat, toLon: to.lon, km, plannedKm: km, straight: true, bearing };
}

/** A whole flight as a list of phases: taxi, roll, (climb, cruise, descent, approach) per segment, roll, taxi, park. */
export class FlightProfile {
  readonly phases: Phase[] = [];
  readonly marks: FlightMarks;
  private readonly lastSegment: { path: Path; t0: number; t1: number };

  constructor(stops: readonly Place[], departAt: number, o: ProfileOptions) {
    const from = stops[0];
    const to = stops[stops.length - 1];
    const second = stops[1];
    if (from === undefined || to === undefined || second === undefined)
      throw new Error('a flight needs at least two places');
    let t = departAt;
    const outBearing = initialBearingDeg(from.lat, from.lon, second.lat, second.lon);
    const rollKm = kmCovered(0, 150, TAKEOFF_ROLL_MS);
    const rollStart = destinationPoint(from.lat, from.lon, outBearing + 180, rollKm);
    const gate = destinationPoint(rollStart.lat, rollStart.lon, outBearing + 90, 1.6);
    const taxiKt = 1.6 / KM_PER_NM / (o.taxiOutMs / 3_600_000);
    this.push(
      true,
      t,
      (t += o.taxiOutMs),
      taxiKt,
      taxiKt,
      from.elevationFt,
      from.elevationFt,
      straightPath(gate.lat, gate.lon, outBearing - 90, 1.6),
    );
    this.push(
      true,
      t,
      (t += TAKEOFF_ROLL_MS),
      0,
      150,
      from.elevationFt,
      from.elevationFt,
      straightPath(rollStart.lat, rollStart.lon, outBearing, rollKm),
    );
    const takeoff = t;
    let topOfClimb = t;
    let topOfDescent = t;
    const lowPasses: number[] = [];
    let segStart = t;
    let segPath: Path | null = null;
    for (let i = 0; i + 1 < stops.length; i++) {
      const a = stops[i]!;
      const b = stops[i + 1]!;
      const last = i + 2 === stops.length;
      const startAlt = i === 0 ? a.elevationFt : a.elevationFt + o.lowPassAglFt;
      const endAlt = last ? b.elevationFt : b.elevationFt + o.lowPassAglFt;
      const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
      let cruise = Math.max(o.cruiseFt, startAlt + 1_000, endAlt + 4_000);
      let plan = planSegment(km, startAlt, endAlt, cruise, o);
      while (plan.cruiseKm < 0 && cruise - 1_000 >= Math.max(startAlt, endAlt + 3_000) + 1_000) {
        cruise -= 1_000;
        plan = planSegment(km, startAlt, endAlt, cruise, o);
      }
      const cruiseKm = Math.max(0, plan.cruiseKm);
      const cruiseMs = (cruiseKm / KM_PER_NM / o.cruiseKt) * 3_600_000;
      const path: Path = {
        lat: a.lat,
        lon: a.lon,
        toLat: b.lat,
        toLon: b.lon,
        km,
        plannedKm: plan.climbKm + cruiseKm + plan.descentKm + plan.approachKm,
        straight: false,
        bearing: 0,
      };
      segStart = t;
      segPath = path;
      let d = 0;
      d = this.push(false, t, (t += plan.climbMs), 160, o.cruiseKt, startAlt, cruise, path, d);
      if (i === 0) topOfClimb = t;
      d = this.push(false, t, (t += cruiseMs), o.cruiseKt, o.cruiseKt, cruise, cruise, path, d);
      if (last) topOfDescent = t;
      d = this.push(false, t, (t += plan.descentMs), o.cruiseKt, 220, cruise, endAlt + 3_000, path, d);
      this.push(false, t, (t += plan.approachMs), 220, 140, endAlt + 3_000, endAlt, path, d);
      if (!last) lowPasses.push(t);
    }
    const touchdown = t;
    this.lastSegment = { path: segPath!, t0: segStart, t1: touchdown };
    const prev = stops[stops.length - 2]!;
    const inBearing = (initialBearingDeg(to.lat, to.lon, prev.lat, prev.lon) + 180) % 360;
    const landRollKm = kmCovered(140, 20, LANDING_ROLL_MS);
    this.push(
      true,
      t,
      (t += LANDING_ROLL_MS),
      140,
      20,
      to.elevationFt,
      to.elevationFt,
      straightPath(to.lat, to.lon, inBearing, landRollKm),
    );
    const rollEnd = destinationPoint(to.lat, to.lon, inBearing, landRollKm);
    const taxiInKt = 1.2 / KM_PER_NM / (o.taxiInMs / 3_600_000);
    this.push(
      true,
      t,
      (t += o.taxiInMs),
      taxiInKt,
      taxiInKt,
      to.elevationFt,
      to.elevationFt,
      straightPath(rollEnd.lat, rollEnd.lon, inBearing + 90, 1.2),
    );
    const stand = destinationPoint(rollEnd.lat, rollEnd.lon, inBearing + 90, 1.2);
    this.push(
      true,
      t,
      (t += o.parkMs),
      0,
      0,
      to.elevationFt,
      to.elevationFt,
      straightPath(stand.lat, stand.lon, inBearing + 90, 0),
    );
    this.marks = { start: departAt, takeoff, topOfClimb, topOfDescent, touchdown, end: t, lowPasses };
  }

  private push(
    onGround: boolean,
    t0: number,
    t1: number,
    v0: number,
    v1: number,
    alt0: number,
    alt1: number,
    path: Path,
    d0 = 0,
  ): number {
    if (t1 > t0) this.phases.push({ onGround, t0, t1, v0, v1, alt0, alt1, d0, path });
    return d0 + kmCovered(v0, v1, t1 - t0);
  }

  /** The aircraft's state at time t (clamped to the flight). */
  at(t: number): ProfileState {
    const phase = this.phases.find((p) => t < p.t1) ?? this.phases[this.phases.length - 1]!;
    const dt = Math.max(0, Math.min(t, phase.t1) - phase.t0);
    const span = phase.t1 - phase.t0;
    const f = span > 0 ? dt / span : 1;
    const v = phase.v0 + (phase.v1 - phase.v0) * f;
    const d = phase.d0 + kmCovered(phase.v0, v, dt);
    const alt = phase.alt0 + (phase.alt1 - phase.alt0) * f;
    const p = phase.path;
    let lat: number;
    let lon: number;
    let track: number;
    if (p.straight) {
      ({ lat, lon } = destinationPoint(p.lat, p.lon, p.bearing, d));
      track = ((p.bearing % 360) + 360) % 360;
    } else {
      const frac = p.plannedKm > 0 ? Math.min(1, d / p.plannedKm) : 1;
      ({ lat, lon } = intermediatePoint(p.lat, p.lon, p.toLat, p.toLon, frac));
      const ahead = intermediatePoint(p.lat, p.lon, p.toLat, p.toLon, Math.min(1, frac + 0.001));
      track = frac >= 1 ? 0 : initialBearingDeg(lat, lon, ahead.lat, ahead.lon);
    }
    const vr = span > 0 ? ((phase.alt1 - phase.alt0) / span) * MS_PER_MIN : 0;
    return { lat, lon, altFt: alt, onGround: phase.onGround, groundSpeedKt: v, trackDeg: track, verticalRateFpm: vr };
  }

  /** The time at which the remaining great-circle distance to the arrival is `km` (on the last segment). */
  timeAtKmBeforeArrival(km: number): number {
    const { path, t0, t1 } = this.lastSegment;
    let lo = t0;
    let hi = t1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      const s = this.at(mid);
      if (haversineKm(s.lat, s.lon, path.toLat, path.toLon) > km) lo = mid;
      else hi = mid;
    }
    return Math.round(hi);
  }
}

interface SegmentPlan {
  climbMs: number;
  climbKm: number;
  descentMs: number;
  descentKm: number;
  approachMs: number;
  approachKm: number;
  cruiseKm: number;
}

function planSegment(km: number, startAlt: number, endAlt: number, cruise: number, o: ProfileOptions): SegmentPlan {
  const climbMs = (Math.max(0, cruise - startAlt) / o.climbFpm) * MS_PER_MIN;
  const descentMs = (Math.max(0, cruise - (endAlt + 3_000)) / o.descentFpm) * MS_PER_MIN;
  const approachMs = (3_000 / o.approachFpm) * MS_PER_MIN;
  const climbKm = kmCovered(160, o.cruiseKt, climbMs);
  const descentKm = kmCovered(o.cruiseKt, 220, descentMs);
  const approachKm = kmCovered(220, 140, approachMs);
  return {
    climbMs,
    climbKm,
    descentMs,
    descentKm,
    approachMs,
    approachKm,
    cruiseKm: km - climbKm - descentKm - approachKm,
  };
}
