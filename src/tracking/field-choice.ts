import type { Airport, NearestAirport } from '../airports/airport.js';
import { isHelipad, type Runway } from '../airports/runway.js';
import {
  distanceToRunwayKm,
  headingDifferenceDeg,
  offsetFrom,
  runwayDirections,
  type RunwayDirection,
} from '../airports/runway-geometry.js';
import { KM_PER_NM } from '../shared/geo.js';
import { minRunwayFt, shallowestGradient } from './aircraft-performance.js';
import type { TrackerContext } from './tracker-context.js';

/**
 * Which field (and runway) a takeoff or landing used. The candidates are every runway-capable field within
 * the rule's distance bound (airport-index.ts: never a heliport, balloon port or closed field). Then:
 *
 * 1. Usable by the aircraft: a field with runway data needs an open runway that is not a heliport pad and
 *    not shorter than the type's minimum (aircraft-performance.ts). A field without runway data is usable.
 * 2. Reachable, for an airborne point (an inferred end): its height above the field is at most the rule's
 *    bound, and the field (its nearest runway; without runway data, the reference point less 1.5 km) is no
 *    farther than height / shallowest gradient + 0.5 km, nor than the aircraft could fly in the time it had
 *    (at tracking.maxSpeedKt). From 200 ft a jet reaches 2.5 km, from 5,000 ft 51 km.
 * 3. The runway the track used decides: a candidate with a runway end that fits the point and its track
 *    (on the runway, on the ground; on the extended centreline, airborne: behind the threshold for a
 *    landing, past it for a takeoff; track within 20° of the runway heading) wins, the closest fit first.
 *    Without a fit, the first candidate (best tier, then nearest) is chosen and the runway is null.
 */

export type Phase = 'departure' | 'arrival';

export interface FieldQuery {
  lat: number;
  lon: number;
  /** Barometric altitude of an airborne point, ft; null for a point on the ground. */
  altFt: number | null;
  trackDeg: number | null;
  phase: Phase;
  maxKm: number;
  /** Highest height above the field the rule allows (airborne points only). */
  maxHeightFt: number;
  typeCode: string | null;
  /** How long the aircraft had to fly between the field and the point, ms; null when not bounded. */
  timeMs: number | null;
}

export interface FieldChoice {
  airport: Airport;
  /** The runway end used (e.g. "27L"), or null when no runway fits. */
  runway: string | null;
  /** Height of the point above the field, ft (null for a ground point). */
  heightFt: number | null;
}

const FT_PER_KM = 3280.84;
/** Distance from an airport's reference point within which its runways may lie (no runway data). */
const REFERENCE_POINT_SLACK_KM = 1.5;
/** Position error and the turn onto or off the runway, forgiven by the reach bound. */
const REACH_SLACK_KM = 0.5;
/** A ground point is on a runway within this distance of its centreline (half a wide runway plus position error). */
const ON_RUNWAY_KM = 0.15;
/** An airborne point on the extended centreline: this off it at the runway end, widening 10 % with distance. */
const CENTRELINE_KM = 0.3;
const CENTRELINE_SPREAD = 0.1;
/** The farthest an airborne point counts as on a runway's extended centreline. */
const MAX_CENTRELINE_KM = 25;
const MAX_TRACK_DIFF_DEG = 20;

interface Candidate {
  near: NearestAirport;
  directions: RunwayDirection[];
  heightFt: number | null;
}

/** The runways a fixed-wing aircraft of this type may use; null when the field has no runway data. */
function usableRunways(runways: readonly Runway[], typeCode: string | null): Runway[] | null {
  if (runways.length === 0) return null;
  const minFt = minRunwayFt(typeCode);
  return runways.filter(
    (r) => !r.closed && !isHelipad(r) && (minFt === null || r.lengthFt === null || r.lengthFt >= minFt),
  );
}

function fieldElevationFt(airport: Airport, runways: readonly Runway[]): number {
  if (airport.elevationFt !== null) return airport.elevationFt;
  for (const r of runways) if (r.le.elevationFt !== null) return r.le.elevationFt;
  return 0;
}

function reachable(ctx: TrackerContext, q: FieldQuery, c: Candidate): boolean {
  if (c.heightFt === null) return true;
  if (c.heightFt > q.maxHeightFt) return false;
  let km = Math.max(0, c.near.distanceKm - REFERENCE_POINT_SLACK_KM);
  if (c.directions.length > 0) {
    km = Infinity;
    for (const d of c.directions) km = Math.min(km, distanceToRunwayKm(d, q.lat, q.lon));
  }
  const reachKm = Math.max(0, c.heightFt) / (shallowestGradient(q.typeCode) * FT_PER_KM) + REACH_SLACK_KM;
  if (km > reachKm) return false;
  if (q.timeMs === null) return true;
  return km <= (ctx.config.maxSpeedKt * KM_PER_NM * q.timeMs) / 3_600_000 + REACH_SLACK_KM;
}

/** How far off the runway end's centreline the point is (km), or null when it does not fit the end. */
function fitKm(d: RunwayDirection, q: FieldQuery): number | null {
  if (q.trackDeg !== null && headingDifferenceDeg(q.trackDeg, d.headingDeg) > MAX_TRACK_DIFF_DEG) return null;
  const o = offsetFrom(d, q.lat, q.lon);
  if (q.altFt === null) {
    const onRunway = o.alongKm >= -0.2 && o.alongKm <= d.lengthKm + 0.2 && o.crossKm <= ON_RUNWAY_KM;
    return onRunway ? o.crossKm : null;
  }
  if (q.trackDeg === null) return null;
  // Beyond the runway where the aircraft flies: past the far end (takeoff), before the threshold (landing).
  const outKm = q.phase === 'departure' ? o.alongKm - d.lengthKm : -o.alongKm;
  const ok =
    o.alongKm >= -0.2 - (q.phase === 'arrival' ? MAX_CENTRELINE_KM : 0) &&
    o.alongKm <= d.lengthKm + (q.phase === 'departure' ? MAX_CENTRELINE_KM : 0.2) &&
    o.crossKm <= CENTRELINE_KM + CENTRELINE_SPREAD * Math.max(0, outKm);
  return ok ? o.crossKm : null;
}

/** The field a takeoff or landing at this point used, with its runway where one fits (see the header). */
export function chooseField(ctx: TrackerContext, q: FieldQuery): FieldChoice | null {
  const nearby = ctx.airports.within(q.lat, q.lon, q.maxKm);
  let first: Candidate | null = null;
  let best: { c: Candidate; runway: string | null; km: number } | null = null;
  for (const near of nearby) {
    const all = ctx.airports.runwaysOf(near.airport.ident);
    const usable = usableRunways(all, q.typeCode);
    if (usable !== null && usable.length === 0) continue;
    const directions = usable === null ? [] : usable.flatMap(runwayDirections);
    const heightFt = q.altFt === null ? null : q.altFt - fieldElevationFt(near.airport, all);
    const c: Candidate = { near, directions, heightFt };
    if (!reachable(ctx, q, c)) continue;
    first ??= c;
    for (const d of directions) {
      const km = fitKm(d, q);
      if (km === null || (best !== null && km >= best.km)) continue;
      // Direction unknown on the ground: the field is right, the runway end is not known.
      best = { c, runway: q.trackDeg === null ? null : d.ident, km };
    }
  }
  if (best !== null) return { airport: best.c.near.airport, runway: best.runway, heightFt: best.c.heightFt };
  if (first === null) return null;
  return { airport: first.near.airport, runway: null, heightFt: first.heightFt };
}
