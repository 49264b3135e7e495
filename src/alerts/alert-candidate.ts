import type { NewAlert } from '../store/alert-outbox-repository.js';

/** What an alert records about its cause, beyond the outbox columns (kept in alerts.details). */
export interface AlertDetails {
  /** The track event's kind (takeoff, landing, gap_opened) or `squawk`. */
  cause: string;
  inferred: boolean;
  lat: number | null;
  lon: number | null;
  squawk?: string | null;
  /** went_dark: distance from the nearest watched airport, km. */
  distanceKm?: number | null;
  /** went_dark: the gap's verdict when the alert was raised, and why (one sentence for the mail). */
  verdict?: string;
  reason?: string;
  othersHeard?: number;
  /** As the feed reported them in the cycle (untrusted text). */
  registration?: string | null;
  typeCode?: string | null;
  callsign?: string | null;
}

/**
 * An alert a rule raised, before it is written to the outbox: the outbox's row (`NewAlert`: rule, hex, leg, gap,
 * track_events id or null for a squawk, airport, data time in epoch ms, the dedupe key that makes it one alert per
 * rule, leg or gap and event, recipients) with details typed.
 */
export interface AlertCandidate extends NewAlert {
  details: AlertDetails;
}
