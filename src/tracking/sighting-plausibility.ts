import { EARTH_RADIUS_KM, haversineKm, impliedSpeedKt } from '../shared/geo.js';
import type { Sighting } from './sighting.js';
import type { DropReason, TrackerContext } from './tracker-context.js';
import type { TrackPoint } from './tracker-state.js';

/** True when lat/lon are real coordinates and the timestamp is a finite number. */
export function isWellFormed(s: Sighting): boolean {
  return (
    Number.isFinite(s.observedAt) &&
    Number.isFinite(s.lat) &&
    Number.isFinite(s.lon) &&
    Math.abs(s.lat) <= 90 &&
    Math.abs(s.lon) <= 180 &&
    !(s.lat === 0 && s.lon === 0)
  );
}

/** Horizontal check: could the airframe have flown from `from` to `to` in the time between them? */
export function isReachable(
  ctx: TrackerContext,
  fromT: number,
  fromLat: number,
  fromLon: number,
  to: Sighting,
): boolean {
  const cfg = ctx.config;
  const durationMs = to.observedAt - fromT;
  // Nearly every sighting is plainly reachable: settle that without the haversine's trigonometry.
  if (durationMs > 0) {
    const boundKm = distanceUpperBoundKm(fromLat, fromLon, to.lat, to.lon);
    if (impliedSpeedKt(Math.max(0, boundKm - cfg.jitterKm), durationMs) <= cfg.maxSpeedKt * (1 - 1e-9)) return true;
  }
  const km = Math.max(0, haversineKm(fromLat, fromLon, to.lat, to.lon) - cfg.jitterKm);
  return impliedSpeedKt(km, durationMs) <= cfg.maxSpeedKt;
}

const RAD = Math.PI / 180;

/**
 * A bound, from above, on haversineKm between the two points, with no trigonometric call: the length of
 * a path from point 1 along its meridian to latitude 2, then along that parallel (no path is shorter than
 * the great circle). cos(lat2) is bounded by its Taylor polynomial 1 - x²/2 + x⁴/24, which is >= cos x
 * for every x. The small relative margin covers the rounding of haversineKm itself, so that a sighting
 * this bound calls reachable is one haversineKm calls reachable too.
 */
function distanceUpperBoundKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x = lat2 * RAD;
  const x2 = x * x;
  const cosBound = Math.min(1, 1 - x2 / 2 + (x2 * x2) / 24);
  const path = Math.abs(lat2 - lat1) * RAD + Math.abs(lon2 - lon1) * RAD * cosBound;
  return EARTH_RADIUS_KM * path * (1 + 1e-9) + 1e-9;
}

/** Elevation (ft) of the field under a ground point, or the configured worst case when none is near. */
function fieldElevationFt(ctx: TrackerContext, lat: number, lon: number): number {
  const near = ctx.nearest(lat, lon, ctx.config.airportMaxKm);
  return near?.airport.elevationFt ?? ctx.config.unknownFieldElevationFt;
}

/**
 * Checks a time-ordered, strictly newer sighting against the last accepted point.
 * Returns null when it is plausible, otherwise the reason to drop it. Rules:
 * - implausible_jump: implied speed above maxSpeedKt (after forgiving jitterKm). Handled by the
 *   caller's re-anchor rule.
 * - implausible_altitude: ground -> airborne higher than field + margin + maxClimbFpm x elapsed
 *   (transponders that report a cruise altitude while taxiing).
 * - implausible_ground: airborne -> ground from higher than field + margin + maxDescentFpm x elapsed
 *   (a spurious "ground" flag at altitude).
 * - ground_clutter: on the ground, then an "airborne" report with no altitude and no speed to back it.
 * Vertical rejections need no re-anchor rule: the allowance grows with the time since the anchor.
 */
export function checkPlausibility(ctx: TrackerContext, last: TrackPoint, s: Sighting): DropReason | null {
  if (!isReachable(ctx, last.t, last.lat, last.lon, s)) return 'implausible_jump';
  const cfg = ctx.config;
  const minutes = (s.observedAt - last.t) / 60_000;
  if (last.onGround && !s.onGround) {
    if (s.altBaroFt === null) {
      if (s.groundSpeedKt === null || s.groundSpeedKt < cfg.minAirborneSpeedKt) return 'ground_clutter';
    } else {
      const limit = fieldElevationFt(ctx, last.lat, last.lon) + cfg.verticalMarginFt + cfg.maxClimbFpm * minutes;
      if (s.altBaroFt > limit) return 'implausible_altitude';
    }
  } else if (!last.onGround && s.onGround && last.altFt !== null) {
    const limit = fieldElevationFt(ctx, s.lat, s.lon) + cfg.verticalMarginFt + cfg.maxDescentFpm * minutes;
    if (last.altFt > limit) return 'implausible_ground';
  }
  return null;
}
