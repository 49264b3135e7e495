import type { GapRecord } from './gap-record.js';
import { haversineKm, impliedSpeedKt } from '../shared/geo.js';
import {
  approachEnd,
  climbOutDeparture,
  courseBetween,
  fixBefore,
  groundEnd,
  groundPoint,
  type End,
} from './leg-ends.js';
import type { LegRecord, LegStatus } from './leg-record.js';
import type { Sighting } from './sighting.js';
import type { TrackerContext } from './tracker-context.js';
import type { AircraftTrack, Liftoff, TrackPoint } from './tracker-state.js';

/**
 * The leg and gap rules, applied to one aircraft's track (already copied for this call, so it may be
 * mutated; its leg and gap are copies too, while `last` and `liftoff` are shared with the previous
 * state and only ever replaced, see track-copy.ts). Two entry points:
 * - expireTrack(T): the rules that fire on silence. The engine calls it with the time of each accepted
 *   sighting before applying it, and once with asOf - absenceGraceMs. Its effects depend only on the
 *   track and the thresholds, never on T itself, so a batch split at any cycle boundary gives the
 *   same records as one call.
 * - applySighting(s): the rules that fire on an accepted sighting.
 *
 * Times recorded for ends (documented here once):
 * - observed takeoff (ground -> airborne, confirmed after takeoffConfirmMs or takeoffConfirmHeightFt):
 *   departedAt = first airborne sighting (also the leg's firstSeenAt); coordinates = last ground sighting.
 * - inferred departure from a climb-out (first seen low and climbing near a field): departedAt =
 *   first sighting minus height / climb rate (climb rate clamped to 1,000-4,000 ft/min); airport coordinates,
 *   or the sighting's own with no airport when no field near it could have been reached (field-choice.ts).
 * - inferred departure from an earlier ground sighting (took off unseen, < lostAfterMs): departedAt null.
 * - observed landing: arrivedAt = first ground sighting; its coordinates.
 * - dark landing (a gap that ends on the ground): arrivedAt = the reappearance time (an upper bound;
 *   the touchdown time is not known); reappearance coordinates; arrivalInferred = true.
 * - arrival inferred from an approach (last seen low, descending near a field, silent for
 *   inferArrivalAfterMs): arrivedAt = last sighting (a lower bound); airport coordinates, or the last
 *   sighting's with no airport when no field near it could have been reached.
 * - runways: each end names the runway end the track fits (field-choice.ts), else null.
 * - dark turnaround (a gap >= darkTurnaroundMinMs that ends climbing out of a field): the old leg arrives
 *   there (inferred) at the new leg's estimated departure time.
 */

function openLegOf(tr: AircraftTrack): LegRecord | null {
  return tr.leg !== null && tr.leg.status === 'airborne' ? tr.leg : null;
}

function openGap(ctx: TrackerContext, tr: AircraftTrack, last: TrackPoint): void {
  const leg = openLegOf(tr);
  const gap: GapRecord = {
    key: `${tr.hex}:${last.t}`,
    hex: tr.hex,
    legKey: leg?.key ?? null,
    startedAt: last.t,
    endedAt: null,
    startLat: last.lat,
    startLon: last.lon,
    startAltFt: last.altFt,
    startOnGround: last.onGround,
    endLat: null,
    endLon: null,
    endAltFt: null,
    endOnGround: null,
    distanceKm: null,
    impliedSpeedKt: null,
  };
  tr.gap = gap;
  ctx.touchGap(gap);
  ctx.emit({
    kind: 'gap_opened',
    hex: tr.hex,
    legKey: gap.legKey,
    gapKey: gap.key,
    at: last.t,
    lat: last.lat,
    lon: last.lon,
    altFt: last.altFt,
  });
}

function closeGap(ctx: TrackerContext, tr: AircraftTrack, gap: GapRecord, s: Sighting): void {
  const distanceKm = haversineKm(gap.startLat, gap.startLon, s.lat, s.lon);
  const durationMs = s.observedAt - gap.startedAt;
  gap.endedAt = s.observedAt;
  gap.endLat = s.lat;
  gap.endLon = s.lon;
  gap.endAltFt = s.onGround ? null : s.altBaroFt;
  gap.endOnGround = s.onGround;
  gap.distanceKm = distanceKm;
  gap.impliedSpeedKt = durationMs > 0 ? impliedSpeedKt(distanceKm, durationMs) : null;
  tr.gap = null;
  ctx.touchGap(gap);
  ctx.emit({
    kind: 'gap_closed',
    hex: tr.hex,
    legKey: gap.legKey,
    gapKey: gap.key,
    at: s.observedAt,
    startedAt: gap.startedAt,
    durationMs,
    lat: s.lat,
    lon: s.lon,
    altFt: gap.endAltFt,
    onGround: s.onGround,
    distanceKm,
    impliedSpeedKt: gap.impliedSpeedKt,
  });
}

function emitLegClosed(ctx: TrackerContext, leg: LegRecord, at: number): void {
  ctx.emit({
    kind: 'leg_closed',
    hex: leg.hex,
    legKey: leg.key,
    at,
    status: leg.status,
    departureAirport: leg.departureAirport,
    arrivalAirport: leg.arrivalAirport,
  });
}

/** Sets the arrival of a leg, marks it landed and emits landing + leg_closed. */
function land(ctx: TrackerContext, leg: LegRecord, end: End, seenAt: number | null): void {
  leg.arrivalAirport = end.airport;
  leg.arrivalRunway = end.runway;
  leg.arrivalLat = end.lat;
  leg.arrivalLon = end.lon;
  leg.arrivedAt = end.at;
  leg.arrivalInferred = end.inferred;
  leg.status = 'landed' satisfies LegStatus;
  if (seenAt !== null && seenAt > leg.lastSeenAt) leg.lastSeenAt = seenAt;
  ctx.touchLeg(leg);
  const at = end.at ?? leg.lastSeenAt;
  ctx.emit({
    kind: 'landing',
    hex: leg.hex,
    legKey: leg.key,
    at,
    airport: end.airport,
    inferred: end.inferred,
    lat: end.lat,
    lon: end.lon,
  });
  emitLegClosed(ctx, leg, at);
}

function openLeg(ctx: TrackerContext, tr: AircraftTrack, s: Sighting, dep: End | null): LegRecord {
  const leg: LegRecord = {
    key: `${tr.hex}:${s.observedAt}`,
    hex: tr.hex,
    departureAirport: dep?.airport ?? null,
    arrivalAirport: null,
    departureLat: dep?.lat ?? null,
    departureLon: dep?.lon ?? null,
    arrivalLat: null,
    arrivalLon: null,
    departedAt: dep?.at ?? null,
    arrivedAt: null,
    departureInferred: dep?.inferred ?? false,
    arrivalInferred: false,
    departureRunway: dep?.runway ?? null,
    arrivalRunway: null,
    firstSeenAt: s.observedAt,
    lastSeenAt: s.observedAt,
    status: 'airborne',
    callsign: s.callsign,
  };
  tr.leg = leg;
  ctx.touchLeg(leg);
  ctx.emit({
    kind: 'leg_opened',
    hex: tr.hex,
    legKey: leg.key,
    at: leg.departedAt ?? s.observedAt,
    lat: s.lat,
    lon: s.lon,
    altFt: s.onGround ? null : s.altBaroFt,
    callsign: s.callsign,
  });
  if (dep !== null) {
    const at = dep.at ?? s.observedAt;
    ctx.emit({
      kind: 'takeoff',
      hex: tr.hex,
      legKey: leg.key,
      at,
      airport: dep.airport,
      inferred: dep.inferred,
      lat: dep.lat,
      lon: dep.lon,
    });
  }
  return leg;
}

/** The departure of a leg that starts with airborne sighting s after `last` (see the header comment). */
function departureFor(ctx: TrackerContext, tr: AircraftTrack, last: TrackPoint | null, s: Sighting): End | null {
  const cfg = ctx.config;
  const climbOut = climbOutDeparture(ctx, tr, s, last === null ? null : s.observedAt - last.t);
  if (climbOut !== null) return climbOut;
  if (last !== null && last.onGround && s.observedAt - last.t < cfg.lostAfterMs) {
    return groundEnd(ctx, tr, groundPoint(last), 'departure', null, true);
  }
  return null;
}

function fieldElevationNear(ctx: TrackerContext, p: TrackPoint): number | null {
  return ctx.nearest(p.lat, p.lon, ctx.config.airportMaxKm)?.airport.elevationFt ?? null;
}

function liftoffConfirmed(ctx: TrackerContext, liftoff: Liftoff, s: Sighting): boolean {
  const cfg = ctx.config;
  if (s.observedAt - liftoff.first.observedAt >= cfg.takeoffConfirmMs) return true;
  if (s.altBaroFt === null) return false;
  const elevation = fieldElevationNear(ctx, liftoff.ground);
  return elevation !== null && s.altBaroFt - elevation >= cfg.takeoffConfirmHeightFt;
}

/** Turns a liftoff into a leg with an observed departure; seenAt is the latest airborne sighting. */
function confirmLiftoff(
  ctx: TrackerContext,
  tr: AircraftTrack,
  liftoff: Liftoff,
  seenAt: number,
  callsign: string | null,
): void {
  // The last ground point is on the runway; the way from it to the first airborne sighting says which way it
  // took off (a reported track at that moment is often stale).
  const first = liftoff.first;
  const trackDeg = courseBetween(liftoff.ground, first) ?? first.trackDeg;
  const ground = { lat: liftoff.ground.lat, lon: liftoff.ground.lon, trackDeg };
  const fix = { lat: first.lat, lon: first.lon, altFt: first.altBaroFt, trackDeg };
  const dep = groundEnd(ctx, tr, ground, 'departure', first.observedAt, false, fix);
  const leg = openLeg(ctx, tr, liftoff.first, dep);
  leg.lastSeenAt = seenAt;
  if (callsign !== null) leg.callsign = callsign;
  tr.liftoff = null;
}

/** True when the silence-driven rules would change this track at time T (lets the engine skip copying). */
export function expiryDue(ctx: TrackerContext, tr: AircraftTrack, T: number): boolean {
  const last = tr.last;
  if (last === null || last.onGround) return false;
  const silence = T - last.t;
  const cfg = ctx.config;
  if (silence < cfg.gapAfterMs) return false;
  if (tr.gap === null) return true;
  if (openLegOf(tr) === null) return false;
  if (silence >= cfg.lostAfterMs) return true;
  return silence >= cfg.inferArrivalAfterMs && approachEnd(ctx, tr, last) !== null;
}

/** Applies the silence-driven rules at data time T: open a gap, infer an arrival on approach, lose a leg. */
export function expireTrack(ctx: TrackerContext, tr: AircraftTrack, T: number): void {
  const last = tr.last;
  if (last === null || last.onGround) return;
  const silence = T - last.t;
  const cfg = ctx.config;
  if (silence < cfg.gapAfterMs) return;
  if (tr.liftoff !== null) confirmLiftoff(ctx, tr, tr.liftoff, last.t, null); // took off, then went dark
  if (tr.gap === null) openGap(ctx, tr, last);
  const leg = openLegOf(tr);
  if (leg === null) return;
  if (silence >= cfg.inferArrivalAfterMs) {
    const end = approachEnd(ctx, tr, last);
    if (end !== null) {
      land(ctx, leg, end, null);
      return;
    }
  }
  if (silence >= cfg.lostAfterMs) {
    leg.status = 'lost';
    ctx.touchLeg(leg);
    emitLegClosed(ctx, leg, last.t + cfg.lostAfterMs);
  }
}

/** A closed leg whose gap ended on the ground: a lost leg lands there; an inferred arrival is confirmed or moved. */
function amendArrival(ctx: TrackerContext, tr: AircraftTrack, leg: LegRecord, s: Sighting): void {
  if (leg.status === 'lost') {
    land(ctx, leg, groundEnd(ctx, tr, s, 'arrival', s.observedAt, true), s.observedAt);
    return;
  }
  if (leg.status !== 'landed' || !leg.arrivalInferred || leg.arrivalLat === null || leg.arrivalLon === null) return;
  const km = haversineKm(leg.arrivalLat, leg.arrivalLon, s.lat, s.lon);
  if (km <= ctx.config.approachMaxKm) return; // reappeared where we inferred it landed: confirmed, nothing changes
  land(ctx, leg, groundEnd(ctx, tr, s, 'arrival', s.observedAt, true), s.observedAt);
}

/** Seen on the ground far from where it was last on the ground: the whole flight was dark. */
function darkFlight(ctx: TrackerContext, tr: AircraftTrack, last: TrackPoint, s: Sighting): void {
  const dep = groundEnd(ctx, tr, groundPoint(last), 'departure', last.t, true);
  const leg = openLeg(ctx, tr, s, dep);
  land(ctx, leg, groundEnd(ctx, tr, s, 'arrival', s.observedAt, true), s.observedAt);
}

/** Applies one accepted sighting (strictly newer than the last, already plausibility-checked). */
export function applySighting(ctx: TrackerContext, tr: AircraftTrack, s: Sighting): void {
  const cfg = ctx.config;
  const last = tr.last;
  const gap = tr.gap;
  if (gap !== null) closeGap(ctx, tr, gap, s);
  const leg = openLegOf(tr);
  if (s.typeCode !== null) tr.typeCode = s.typeCode;
  if (s.onGround) {
    if (tr.liftoff !== null) {
      tr.liftoff = null; // back on the ground before the takeoff was confirmed: runway flicker, not a leg
    } else if (leg !== null) {
      const before = fixBefore(last, s.observedAt);
      const trackDeg = (before === null ? null : courseBetween(before, s)) ?? s.trackDeg;
      const end = groundEnd(
        ctx,
        tr,
        { lat: s.lat, lon: s.lon, trackDeg },
        'arrival',
        s.observedAt,
        gap !== null,
        before,
      );
      land(ctx, leg, end, s.observedAt);
    } else if (gap !== null && tr.leg !== null && gap.legKey === tr.leg.key) {
      amendArrival(ctx, tr, tr.leg, s);
    } else if (last !== null && last.onGround && haversineKm(last.lat, last.lon, s.lat, s.lon) >= cfg.darkFlightMinKm) {
      darkFlight(ctx, tr, last, s);
    }
  } else if (leg !== null) {
    const silenceMs = gap === null ? 0 : s.observedAt - gap.startedAt;
    const turnaround =
      gap !== null && silenceMs >= cfg.darkTurnaroundMinMs ? climbOutDeparture(ctx, tr, s, silenceMs) : null;
    if (turnaround !== null) {
      land(ctx, leg, turnaround, null);
      openLeg(ctx, tr, s, turnaround);
    } else {
      leg.lastSeenAt = s.observedAt;
      if (s.callsign !== null) leg.callsign = s.callsign;
      ctx.touchLeg(leg);
    }
  } else if (tr.liftoff !== null) {
    if (liftoffConfirmed(ctx, tr.liftoff, s)) confirmLiftoff(ctx, tr, tr.liftoff, s.observedAt, s.callsign);
  } else if (last !== null && last.onGround && s.observedAt - last.t < cfg.gapAfterMs) {
    const liftoff: Liftoff = { ground: last, first: s }; // `last` is never mutated, so it may be shared
    tr.liftoff = liftoff;
    if (liftoffConfirmed(ctx, liftoff, s)) confirmLiftoff(ctx, tr, liftoff, s.observedAt, s.callsign);
  } else {
    openLeg(ctx, tr, s, departureFor(ctx, tr, last, s));
  }
  // A new point, not an update of the old one: `last` is shared with the previous state (track-copy.ts).
  tr.last = {
    t: s.observedAt,
    lat: s.lat,
    lon: s.lon,
    altFt: s.onGround ? null : s.altBaroFt,
    onGround: s.onGround,
    verticalRateFpm: s.verticalRateFpm,
    groundSpeedKt: s.groundSpeedKt,
    trackDeg: s.trackDeg,
  };
}
