import type { TailwatchConfig } from '../config/config-schema.js';
import { resolveTrackerConfig, type TrackerConfig } from '../tracking/tracker-config.js';

/** The engine's thresholds from the validated config (the rest keep their documented defaults). */
export function trackerConfigFrom(config: Readonly<TailwatchConfig>): TrackerConfig {
  return resolveTrackerConfig({
    gapAfterMs: config.tracking.gapAfterMinutes * 60_000,
    lostAfterMs: config.tracking.lostAfterHours * 3_600_000,
    airportMaxKm: config.tracking.airportMaxKm,
    maxSpeedKt: config.tracking.maxSpeedKt,
  });
}
