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
}
