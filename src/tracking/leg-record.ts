/** Leg status: still flying (or silent for less than lostAfterMs), landed (observed or inferred), or lost. */
export type LegStatus = 'airborne' | 'landed' | 'lost';

/**
 * One flight from a departure to an arrival, as stored (upserted by `key`). Either end may be unknown
 * (null airport and coordinates) or inferred (the `*Inferred` flags). Times are epoch ms of data time.
 */
export interface LegRecord {
  /** `${hex}:${firstSeenAt}`: deterministic, stable across cycles and replays. */
  key: string;
  hex: string;
  departureAirport: string | null;
  arrivalAirport: string | null;
  departureLat: number | null;
  departureLon: number | null;
  arrivalLat: number | null;
  arrivalLon: number | null;
  /** Observed takeoff: the first airborne sighting. Inferred: an estimate (see tracker-engine.ts). */
  departedAt: number | null;
  /** Observed landing: the first ground sighting. Inferred: see tracker-engine.ts for each case. */
  arrivedAt: number | null;
  departureInferred: boolean;
  arrivalInferred: boolean;
  /** The runway end the leg took off from (e.g. "27L"), where runway data and the track allow; else null. */
  departureRunway: string | null;
  /** The runway end the leg landed on, likewise. */
  arrivalRunway: string | null;
  /** The first airborne sighting of the leg (for a dark flight: the sighting on the ground at the arrival). */
  firstSeenAt: number;
  lastSeenAt: number;
  status: LegStatus;
  callsign: string | null;
}
