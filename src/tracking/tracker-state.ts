import type { GapRecord } from './gap-record.js';
import type { LegRecord } from './leg-record.js';
import type { Sighting } from './sighting.js';

/** The last accepted sighting of an aircraft, reduced to what the rules need. */
export interface TrackPoint {
  t: number;
  lat: number;
  lon: number;
  altFt: number | null;
  onGround: boolean;
  verticalRateFpm: number | null;
  groundSpeedKt: number | null;
  /** True track, degrees: dead-reckons a silent aircraft and matches runways. Absent in older stored state. */
  trackDeg?: number | null;
}

/** An unconfirmed takeoff. */
export interface Liftoff {
  ground: TrackPoint;
  first: Sighting;
}

/** Everything the engine remembers about one aircraft between cycles. JSON-serialisable. */
export interface AircraftTrack {
  hex: string;
  /** Last accepted sighting; null before the first one. */
  last: TrackPoint | null;
  /** The open leg (status 'airborne') or the most recent closed one (kept to confirm or amend an inferred end). */
  leg: LegRecord | null;
  /** The open transponder gap, if any. */
  gap: GapRecord | null;
  /**
   * A ground -> airborne transition not yet confirmed as a takeoff (see takeoffConfirmMs): the last
   * ground point and the first airborne sighting. A ground report before confirmation discards it.
   */
  liftoff: Liftoff | null;
  /** The ICAO type last reported (for its gradient and shortest runway); absent in state stored before. */
  typeCode?: string | null;
  /** Consecutive rejected (implausible-jump) sightings that agree with each other: re-anchor candidates. */
  pending: Sighting[];
}

/**
 * The engine's whole memory: plain data, so it survives a JSON round trip. The shell stores one jsonb
 * row per track (tracker_state), each an AircraftTrack as above.
 */
export interface TrackerState {
  version: 1;
  /**
   * One track per aircraft, in the order each was first seen; an aircraft is never removed. An array,
   * not a hex-keyed dictionary: a call replaces most tracks, and copying a dictionary of every aircraft
   * on each call cost more than the rules (figures: docs/performance.md). The engine finds a hex through
   * an index it keeps beside the array (track-index.ts).
   */
  aircraft: readonly AircraftTrack[];
}

export function emptyTrackerState(): TrackerState {
  return { version: 1, aircraft: [] };
}
