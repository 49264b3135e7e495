import type { AlertRule } from './alert-email-input.js';

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
  /** As the feed reported them in the cycle (untrusted text). */
  registration?: string | null;
  typeCode?: string | null;
  callsign?: string | null;
}

/** An alert a rule raised, before it is written to the outbox. */
export interface AlertCandidate {
  rule: AlertRule;
  hex: string;
  legKey: string | null;
  gapKey: string | null;
  /** track_events id of the event that caused it (null for a squawk). */
  eventId: string | null;
  airport: string | null;
  /** Data time of what happened, epoch ms. */
  at: number;
  /** Unique: one alert per (rule, leg or gap, event). */
  dedupeKey: string;
  recipients: readonly string[];
  details: AlertDetails;
}
