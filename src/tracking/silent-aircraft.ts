import { destinationPoint, KM_PER_NM } from '../shared/geo.js';
import type { AircraftTrack, TrackerState } from './tracker-state.js';
import type { VerdictConfig } from './verdict-config.js';

/** A tracked aircraft that is airborne and not heard: where it should be now, to ask who was heard there. */
export interface SilentAircraft {
  hex: string;
  /** The key its gap has or will have (`${hex}:${silentSince}`, as the engine keys gaps). */
  gapKey: string;
  /** Time of its last sighting: the silence began there. */
  silentSince: number;
  lastLat: number;
  lastLon: number;
  /** Its last barometric altitude, ft (null when unknown). */
  altFt: number | null;
  /** Dead-reckoned position at `asOf`. */
  expectedLat: number;
  expectedLon: number;
}

function isSilentAirborne(track: AircraftTrack, asOf: number, config: VerdictConfig): boolean {
  const last = track.last;
  if (last === null || last.onGround) return false;
  if (track.leg === null || track.leg.status !== 'airborne') return false;
  const silence = asOf - last.t;
  return silence >= config.probeAfterMs && silence <= config.probeMaxSilenceMs;
}

/**
 * The silent airborne aircraft to probe at `asOf`: tracked, with an open leg, last heard between
 * probeAfterMs and probeMaxSilenceMs ago and not heard in this cycle (`heard`). The most recently
 * silent come first (ties by hex), at most maxProbedAircraft. The expected position is the last one
 * moved along the last track at the last ground speed for the silence, at most deadReckonMaxMs of it;
 * without track or speed it is the last position. Pure.
 */
export function silentAircraft(
  state: TrackerState,
  heard: ReadonlySet<string>,
  asOf: number,
  config: VerdictConfig,
): SilentAircraft[] {
  const candidates: AircraftTrack[] = [];
  for (const track of state.aircraft) {
    if (!heard.has(track.hex) && isSilentAirborne(track, asOf, config)) candidates.push(track);
  }
  candidates.sort((a, b) => b.last!.t - a.last!.t || (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
  return candidates.slice(0, config.maxProbedAircraft).map((track) => {
    const last = track.last!;
    const reckonMs = Math.min(asOf - last.t, config.deadReckonMaxMs);
    const speedKt = last.groundSpeedKt;
    const trackDeg = last.trackDeg ?? null;
    const moved =
      speedKt !== null && trackDeg !== null && speedKt > 0
        ? destinationPoint(last.lat, last.lon, trackDeg, (speedKt * KM_PER_NM * reckonMs) / 3_600_000)
        : { lat: last.lat, lon: last.lon };
    return {
      hex: track.hex,
      gapKey: `${track.hex}:${last.t}`,
      silentSince: last.t,
      lastLat: last.lat,
      lastLon: last.lon,
      altFt: last.altFt,
      expectedLat: moved.lat,
      expectedLon: moved.lon,
    };
  });
}
