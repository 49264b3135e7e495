import { TailwatchError } from '../errors/tailwatch-error.js';

/**
 * Thresholds of coverage probing and gap verdicts (docs/tracking.md#gap-verdicts). Durations are
 * milliseconds of data time, distances km, altitudes feet.
 */
export interface VerdictConfig {
  /** Radius around the expected position in which other aircraft count as evidence. Default 100 km. */
  probeRadiusKm: number;
  /** At most this many silent aircraft are probed (and judged) per cycle, the most recently silent first. Default 8. */
  maxProbedAircraft: number;
  /** An airborne aircraft silent at least this long is probed. Default 60 s (the feeds list a position for 60 s). */
  probeAfterMs: number;
  /** ...and at most this long (a dead reckoning older than that says little). Default 2 h. */
  probeMaxSilenceMs: number;
  /** The expected position moves along the last track at the last speed for at most this long. Default 30 min. */
  deadReckonMaxMs: number;
  /** Others count as "at comparable altitudes" up to this far above the aircraft's last altitude. Default 10,000 ft. */
  altitudeBandFt: number;
  /** A cycle is covered when at least this many others were heard within the radius. Default 3. */
  darkMinOthers: number;
  /** dark needs at least this many covered cycles during the silence... Default 2. */
  darkMinCoveredCycles: number;
  /** ...and at least this share of the silence's cycles (outage cycles left out) covered. Default 0.5. */
  darkMinCoveredShare: number;
  /** A cycle whose responses list at most this many aircraft in all is an outage cycle. Default 2. */
  outageMaxAircraft: number;
  /** A cycle in which this share of the recently heard tracked aircraft vanished is an outage... Default 0.5. */
  outageVanishedShare: number;
  /** ...when they are at least this many. Default 5. */
  outageVanishedMin: number;
  /** outage when at least this share of the silence's observed cycles were outage cycles. Default 0.5. */
  outageMinShare: number;
}

export const DEFAULT_VERDICT_CONFIG: VerdictConfig = Object.freeze({
  probeRadiusKm: 100,
  maxProbedAircraft: 8,
  probeAfterMs: 60_000,
  probeMaxSilenceMs: 2 * 3_600_000,
  deadReckonMaxMs: 30 * 60_000,
  altitudeBandFt: 10_000,
  darkMinOthers: 3,
  darkMinCoveredCycles: 2,
  darkMinCoveredShare: 0.5,
  outageMaxAircraft: 2,
  outageVanishedShare: 0.5,
  outageVanishedMin: 5,
  outageMinShare: 0.5,
});

const SHARES: ReadonlySet<keyof VerdictConfig> = new Set([
  'darkMinCoveredShare',
  'outageVanishedShare',
  'outageMinShare',
]);

/** Merges overrides onto the defaults and checks them; throws CONFIG_INVALID naming the setting. */
export function resolveVerdictConfig(overrides: Partial<VerdictConfig> = {}): VerdictConfig {
  const config: VerdictConfig = { ...DEFAULT_VERDICT_CONFIG, ...overrides };
  for (const [name, value] of Object.entries(config) as [keyof VerdictConfig, unknown][]) {
    const max = SHARES.has(name) ? 1 : Number.POSITIVE_INFINITY;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      throw new TailwatchError(
        'CONFIG_INVALID',
        `Verdict setting "${name}" must be a number from 0${max === 1 ? ' to 1' : ''} (got ${String(value)}); ` +
          `fix it or remove it to use the default ${DEFAULT_VERDICT_CONFIG[name]}.`,
        { setting: name, value },
      );
    }
  }
  return Object.freeze(config);
}
