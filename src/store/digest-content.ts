/**
 * What one day's digest says (the contract between the store, which gathers it, and the renderer). Times
 * are epoch ms, data time. Text fields come from feeds and files: the renderer escapes and flattens them.
 */

export interface DigestLeg {
  hex: string;
  registration: string | null;
  typeCode: string | null;
  operator: string | null;
  callsign: string | null;
  departureAirport: string | null;
  arrivalAirport: string | null;
  departureInferred: boolean;
  arrivalInferred: boolean;
  firstSeenAt: number;
  lastSeenAt: number;
  departedAt: number | null;
  arrivedAt: number | null;
  status: string;
  gapCount: number;
  minutesDark: number;
  /** The leg's positions, thinned, for the map. */
  track: { lat: number; lon: number }[];
}

export interface DigestGapCount {
  /** dark | unknown | coverage | outage (docs/tracking.md#gap-verdicts). */
  verdict: string;
  count: number;
  /** The longest of them, minutes (an open gap counts to the window's end). */
  longestMin: number;
}

export interface DigestAirframe {
  hex: string;
  registration: string | null;
  typeCode: string | null;
  operator: string | null;
  lastSeenAt: number;
  lat: number;
  lon: number;
  altFt: number | null;
  onGround: boolean;
  /** The newest leg's status in the window. */
  status: string;
}

export interface DigestAirport {
  ident: string;
  name: string;
  lat: number;
  lon: number;
}

export interface DigestContent {
  /** The UTC day the window ends on, YYYY-MM-DD. */
  day: string;
  windowStart: number;
  windowEnd: number;
  /** Legs that departed from or arrived at a watched airport and were seen in the window. */
  legs: DigestLeg[];
  /** Gaps that started in the window, by verdict. */
  gaps: DigestGapCount[];
  /** Watched airframes seen in the window, newest first. */
  airframes: DigestAirframe[];
  watchedAirports: DigestAirport[];
}
