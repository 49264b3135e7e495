/**
 * One aircraft position as a feed reported it, stamped with its own time
 * (`now/1000 - seen_pos`), never with the time we polled. Produced by the feed
 * parser at the edge; consumed by the pure tracking engine.
 */
export interface Sighting {
  hex: string; // 6 lowercase hex digits
  observedAt: number; // epoch milliseconds of the position
  lat: number;
  lon: number;
  altBaroFt: number | null; // null when on the ground or unknown
  onGround: boolean;
  groundSpeedKt: number | null;
  trackDeg: number | null;
  verticalRateFpm: number | null;
  squawk: string | null;
  callsign: string | null; // trimmed; null when absent
  registration: string | null; // from the provider's database, may be wrong
  typeCode: string | null; // ICAO type from the provider's database
  source: string; // provider name, e.g. adsb.lol
  /**
   * Every provider that reported this very position (same hex and time), sorted, when more than one did
   * (set by mergeSightings); absent means `[source]` alone. Stored as positions.heard_by.
   */
  heardBy?: readonly string[];
}

/** The providers that reported a sighting's position: `heardBy`, or its `source` alone. */
export function providersOf(sighting: Sighting): readonly string[] {
  return sighting.heardBy ?? [sighting.source];
}
