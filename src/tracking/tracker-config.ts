import { TailwatchError } from '../errors/tailwatch-error.js';

/**
 * Thresholds of the tracking engine. Every value has a documented default; the shell may override any
 * of them (validated at the edge). All durations are milliseconds of *data* time, never wall-clock time.
 */
export interface TrackerConfig {
  /** Airborne and silent this long => a transponder gap opens. Default 5 min. */
  gapAfterMs: number;
  /** A leg still airborne and silent this long => status 'lost' (arrival stays null). Default 12 h. */
  lostAfterMs: number;
  /** Bound for naming the airport of an observed ground end (takeoff or landing point). Default 10 km. */
  airportMaxKm: number;
  /** An implied speed above this from the last accepted position is noise. Default 750 kt (Il-76 cruises ~430). */
  maxSpeedKt: number;
  /** Position error forgiven by the speed check (MLAT jitter between close points). Default 1 km. */
  jitterKm: number;
  /** Rejected points needed, consistent with each other, to replace a bad anchor. Default 5. */
  reanchorMinPoints: number;
  /** ...spanning at least this long (a short burst of self-consistent clutter must not re-anchor). Default 2 min. */
  reanchorMinSpanMs: number;
  /** Fastest plausible climb, for a ground -> airborne transition. Default 6,000 ft/min. */
  maxClimbFpm: number;
  /** Fastest plausible descent, for an airborne -> ground transition. Default 8,000 ft/min. */
  maxDescentFpm: number;
  /** Height above the field forgiven by both vertical checks (baro vs field elevation, QNH). Default 3,000 ft. */
  verticalMarginFt: number;
  /** Field elevation assumed when no airport is near a ground point (high plateaus). Default 14,000 ft. */
  unknownFieldElevationFt: number;
  /** An airborne report with no altitude right after ground reports is clutter unless this fast. Default 50 kt. */
  minAirborneSpeedKt: number;
  /** A ground -> airborne transition becomes a takeoff after this long airborne... Default 30 s. */
  takeoffConfirmMs: number;
  /**
   * ...or this high above the field, whichever comes first (ground-flag flicker on a runway is not a leg).
   * Default 1,000 ft.
   */
  takeoffConfirmHeightFt: number;
  /** First seen airborne: departure is inferred when below this height above the nearest field... Default 10,000 ft. */
  inferDepartureMaxHeightFt: number;
  /** ...and that field is within this distance... Default 40 km (10,000 ft at 2,000 ft/min and 250 kt). */
  inferDepartureMaxKm: number;
  /** ...and it is climbing at least this fast. Default 300 ft/min. */
  inferDepartureMinClimbFpm: number;
  /** Last seen on approach: below this height above the nearest field... Default 5,000 ft. */
  approachMaxHeightFt: number;
  /** ...within this distance of it... Default 30 km (a 3° glide path is ~5,000 ft at 28 km). */
  approachMaxKm: number;
  /** ...and not seen again for this long => arrival inferred there. Default 20 min. */
  inferArrivalAfterMs: number;
  /**
   * A gap this long that ends with a climb-out near a field counts as a dark landing and new takeoff.
   * Default 30 min.
   */
  darkTurnaroundMinMs: number;
  /**
   * Seen on the ground this far from where it was last on the ground => a dark flight (both ends inferred).
   * Default 30 km.
   */
  darkFlightMinKm: number;
  /**
   * Time-based rules fire at asOf minus this, so a point delivered this late still counts.
   * Default 60 s (the feeds' listing window).
   */
  absenceGraceMs: number;
  /** A sighting stamped this far after asOf is a clock error and is dropped. Default 2 min. */
  maxFutureMs: number;
}

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = Object.freeze({
  gapAfterMs: 5 * 60_000,
  lostAfterMs: 12 * 3_600_000,
  airportMaxKm: 10,
  maxSpeedKt: 750,
  jitterKm: 1,
  reanchorMinPoints: 5,
  reanchorMinSpanMs: 2 * 60_000,
  maxClimbFpm: 6_000,
  maxDescentFpm: 8_000,
  verticalMarginFt: 3_000,
  unknownFieldElevationFt: 14_000,
  minAirborneSpeedKt: 50,
  takeoffConfirmMs: 30_000,
  takeoffConfirmHeightFt: 1_000,
  inferDepartureMaxHeightFt: 10_000,
  inferDepartureMaxKm: 40,
  inferDepartureMinClimbFpm: 300,
  approachMaxHeightFt: 5_000,
  approachMaxKm: 30,
  inferArrivalAfterMs: 20 * 60_000,
  darkTurnaroundMinMs: 30 * 60_000,
  darkFlightMinKm: 30,
  absenceGraceMs: 60_000,
  maxFutureMs: 2 * 60_000,
});

/**
 * Merges overrides onto the defaults, checks every value is a finite number >= 0 (counts >= 1), and
 * freezes the result. Throws CONFIG_INVALID naming the setting.
 */
export function resolveTrackerConfig(overrides: Partial<TrackerConfig> = {}): TrackerConfig {
  const config: TrackerConfig = { ...DEFAULT_TRACKER_CONFIG, ...overrides };
  for (const [name, value] of Object.entries(config) as [keyof TrackerConfig, unknown][]) {
    const min = name === 'reanchorMinPoints' ? 1 : 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new TailwatchError(
        'CONFIG_INVALID',
        `Tracker setting "${name}" must be a finite number >= ${min} (got ${String(value)}); ` +
          `fix it or remove it to use the default ${DEFAULT_TRACKER_CONFIG[name]}.`,
        { setting: name, value },
      );
    }
  }
  if (config.lostAfterMs < config.gapAfterMs) {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `Tracker setting "lostAfterMs" (${config.lostAfterMs}) must not be shorter ` +
        `than "gapAfterMs" (${config.gapAfterMs}): ` +
        `a leg is lost only after its gap has opened.`,
      { setting: 'lostAfterMs' },
    );
  }
  return Object.freeze(config);
}
