import { haversineKm, impliedSpeedKt } from './geo.js';
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
  const km = Math.max(0, haversineKm(fromLat, fromLon, to.lat, to.lon) - ctx.config.jitterKm);
  return impliedSpeedKt(km, to.observedAt - fromT) <= ctx.config.maxSpeedKt;
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
