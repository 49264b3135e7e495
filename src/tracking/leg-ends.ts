import type { Airport } from '../airports/airport.js';
import { haversineKm, initialBearingDeg } from '../shared/geo.js';
import { chooseField, type FieldChoice, type FieldQuery, type Phase } from './field-choice.js';
import type { Sighting } from './sighting.js';
import type { TrackerContext } from './tracker-context.js';
import type { AircraftTrack, TrackPoint } from './tracker-state.js';

/**
 * Where a leg's ends are: the field and runway of a takeoff or landing, observed on the ground or inferred
 * from an airborne point (field-choice.ts decides which field and runway). The rules that decide *when* an
 * end happens are in leg-transitions.ts.
 */

/** One end of a leg as the rules decide it. */
export interface End {
  airport: string | null;
  runway: string | null;
  lat: number;
  lon: number;
  at: number | null;
  inferred: boolean;
}

/** Highest field elevation the approach rule considers (the highest airports are near 14,500 ft). */
const HIGHEST_FIELD_FT = 15_000;

type InferredField = FieldChoice | { airport: null; runway: null; heightFt: number };

/**
 * The field a point near the ground is flying to or from, for the inferred ends: the field field-choice.ts
 * chooses (one the aircraft could have reached), or, when the old trigger holds (a field within maxKm, the
 * point under maxHeightFt above it) but no field is reachable, no airport: the end is still inferred, at
 * the point's own coordinates.
 */
function inferredField(ctx: TrackerContext, q: FieldQuery): InferredField | null {
  const field = chooseField(ctx, q);
  if (field !== null) return field;
  const near = ctx.nearest(q.lat, q.lon, q.maxKm);
  if (near === null || q.altFt === null) return null;
  const heightFt = q.altFt - (near.airport.elevationFt ?? 0);
  return heightFt <= q.maxHeightFt ? { airport: null, runway: null, heightFt } : null;
}

/** An inferred end at the chosen field, or at the point itself when no field could have been reached. */
function inferredEnd(
  field: { airport: Airport | null; runway: string | null },
  point: { lat: number; lon: number },
  at: number,
): End {
  const a = field.airport;
  if (a === null) return { airport: null, runway: null, lat: point.lat, lon: point.lon, at, inferred: true };
  return { airport: a.ident, runway: field.runway, lat: a.lat, lon: a.lon, at, inferred: true };
}

/**
 * Where a point last seen on approach landed, or null: descending (or very low and not climbing away, a
 * level segment on final) within approachMaxKm and approachMaxHeightFt of a field (inferredField).
 */
export function approachEnd(ctx: TrackerContext, tr: AircraftTrack, last: TrackPoint): End | null {
  const cfg = ctx.config;
  const vr = last.verticalRateFpm;
  if (last.altFt === null || last.altFt > cfg.approachMaxHeightFt + HIGHEST_FIELD_FT) return null;
  if (vr !== null && vr >= 500) return null;
  const field = inferredField(ctx, {
    lat: last.lat,
    lon: last.lon,
    altFt: last.altFt,
    trackDeg: last.trackDeg ?? null,
    phase: 'arrival',
    maxKm: cfg.approachMaxKm,
    maxHeightFt: cfg.approachMaxHeightFt,
    typeCode: tr.typeCode ?? null,
    timeMs: cfg.inferArrivalAfterMs,
  });
  if (field === null) return null;
  const height = field.heightFt ?? 0;
  const descending = vr === null ? height <= 1_500 : vr <= -300 || (height <= 1_500 && vr < 500);
  return descending ? inferredEnd(field, last, last.t) : null;
}

/**
 * First seen low and climbing near a field: an inferred departure from the field it could have climbed
 * from (inferredField), else null. `sinceMs`: how long it had to get there (since last seen), or null.
 */
export function climbOutDeparture(
  ctx: TrackerContext,
  tr: AircraftTrack,
  s: Sighting,
  sinceMs: number | null,
): End | null {
  const cfg = ctx.config;
  if (s.onGround || s.altBaroFt === null || s.verticalRateFpm === null) return null;
  if (s.verticalRateFpm < cfg.inferDepartureMinClimbFpm) return null;
  const field = inferredField(ctx, {
    lat: s.lat,
    lon: s.lon,
    altFt: s.altBaroFt,
    trackDeg: s.trackDeg,
    phase: 'departure',
    maxKm: cfg.inferDepartureMaxKm,
    maxHeightFt: cfg.inferDepartureMaxHeightFt,
    typeCode: s.typeCode ?? tr.typeCode ?? null,
    timeMs: sinceMs,
  });
  if (field === null) return null;
  const height = Math.max(0, field.heightFt ?? 0);
  const rate = Math.min(4_000, Math.max(1_000, s.verticalRateFpm));
  return inferredEnd(field, s, s.observedAt - Math.round((height / rate) * 60_000));
}

/** A point of the track as the runway matching reads it. */
interface TrackFix {
  lat: number;
  lon: number;
  altFt: number | null;
  trackDeg: number | null;
}

/**
 * An end on the ground at (lat, lon): the field and runway under it within airportMaxKm; the point's
 * coordinates. When the ground point fits no runway (a roll that ran off the end of the data, a fix taxiing
 * off), the airborne fix beside it (the last one before touchdown, the first after liftoff) names the
 * runway of the same field when it sits on that runway's extended centreline.
 */
export function groundEnd(
  ctx: TrackerContext,
  tr: AircraftTrack,
  point: { lat: number; lon: number; trackDeg: number | null },
  phase: Phase,
  at: number | null,
  inferred: boolean,
  airborne: TrackFix | null = null,
): End {
  const query = {
    phase,
    maxKm: ctx.config.airportMaxKm,
    typeCode: tr.typeCode ?? null,
    timeMs: null,
  };
  const field = chooseField(ctx, {
    ...query,
    lat: point.lat,
    lon: point.lon,
    altFt: null,
    trackDeg: point.trackDeg,
    maxHeightFt: Infinity,
  });
  const end: End = {
    airport: field?.airport.ident ?? null,
    runway: field?.runway ?? null,
    lat: point.lat,
    lon: point.lon,
    at,
    inferred,
  };
  if (field !== null && end.runway === null && airborne !== null && airborne.altFt !== null) {
    const fix = chooseField(ctx, { ...query, ...airborne, maxHeightFt: ctx.config.approachMaxHeightFt });
    if (fix !== null && fix.airport === field.airport) end.runway = fix.runway;
  }
  return end;
}

/**
 * The course from one fix to the next when they are 0.3-5 km apart (far enough for position noise not to
 * swing it, near enough to be one straight roll or final), else null.
 */
export function courseBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number | null {
  const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
  return km >= 0.3 && km <= 5 ? initialBearingDeg(a.lat, a.lon, b.lat, b.lon) : null;
}

/** The last accepted point as an airborne fix beside a touchdown, if it was airborne within two minutes. */
export function fixBefore(last: TrackPoint | null, t: number): TrackFix | null {
  if (last === null || last.onGround || t - last.t > 2 * 60_000) return null;
  return { lat: last.lat, lon: last.lon, altFt: last.altFt, trackDeg: last.trackDeg ?? null };
}

/** A stored point as a ground end's position (its track: stored state written before tracks lacks it). */
export function groundPoint(p: TrackPoint): { lat: number; lon: number; trackDeg: number | null } {
  return { lat: p.lat, lon: p.lon, trackDeg: p.trackDeg ?? null };
}
