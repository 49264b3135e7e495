import type { TailwatchConfig } from '../config/config-schema.js';
import { resolveTrackerConfig, type TrackerConfig } from '../tracking/tracker-config.js';
import { resolveVerdictConfig, type VerdictConfig } from '../tracking/verdict-config.js';

/** The engine's thresholds from the validated config (the rest keep their documented defaults). */
export function trackerConfigFrom(config: Readonly<TailwatchConfig>): TrackerConfig {
  return resolveTrackerConfig({
    gapAfterMs: config.tracking.gapAfterMinutes * 60_000,
    lostAfterMs: config.tracking.lostAfterHours * 3_600_000,
    airportMaxKm: config.tracking.airportMaxKm,
    maxSpeedKt: config.tracking.maxSpeedKt,
  });
}

/** The probing and verdict thresholds from the validated config (tracking.verdicts). */
export function verdictConfigFrom(config: Readonly<TailwatchConfig>): VerdictConfig {
  const v = config.tracking.verdicts;
  return resolveVerdictConfig({
    probeRadiusKm: v.probeRadiusKm,
    maxProbedAircraft: v.maxProbedAircraft,
    probeAfterMs: v.probeAfterSeconds * 1000,
    probeMaxSilenceMs: v.probeMaxSilenceMinutes * 60_000,
    deadReckonMaxMs: v.deadReckonMaxMinutes * 60_000,
    altitudeBandFt: v.altitudeBandFt,
    darkMinOthers: v.darkMinOthers,
    darkMinCoveredCycles: v.darkMinCoveredPolls,
    darkMinCoveredShare: v.darkMinCoveredShare,
    outageMaxAircraft: v.outageMaxAircraft,
    outageVanishedShare: v.outageVanishedShare,
    outageVanishedMin: v.outageVanishedMin,
    outageMinShare: v.outageMinShare,
  });
}
