import type { AlertRuleName } from '../db/database-schema.js';
import type { ExportGap, ExportPosition } from '../track-export/track-export-input.js';

/**
 * The contract between the alert outbox (which gathers what an email needs from the database) and the
 * email renderer (pure: input -> subject, text, HTML, inline map PNG, track attachment).
 * Times are epoch milliseconds (data time). Strings that come from feeds or files (callsign,
 * registration, operator, reason) are untrusted: the renderer escapes them in HTML and never lets them
 * reach a header unsanitised.
 */

/** The rules that raise alerts: one union with the outbox's `rule` column. */
export type AlertRule = AlertRuleName;

export interface AlertAirport {
  ident: string;
  name: string;
  lat: number;
  lon: number;
}

export interface AlertAirframe {
  hex: string;
  registration: string | null;
  typeCode: string | null;
  operator: string | null;
  /** Why it is watched (e.g. "OFAC SDN: program RUSSIA-EO14024; linked to AVIACON ZITOTRANS"). */
  reason: string | null;
  /** Where that comes from (e.g. "ofac-sdn", "plane-alert-db"). */
  source: string | null;
  /** False for an unlisted aircraft of a watched type (rule `unlisted`). */
  listed: boolean;
}

/** One thing that happened; an email may fold several (throttle per airframe). */
export interface AlertItem {
  alertId: string;
  rule: AlertRule;
  /** When it happened (data time). */
  at: number;
  airport: AlertAirport | null;
  /** For arrivals (and departures): inferred rather than observed. */
  inferred: boolean;
  /** For emergency_squawk: 7500, 7600 or 7700. */
  squawk?: string | null;
  /** For went_dark: distance from the watched airport, km. */
  distanceKm?: number | null;
  /** For went_dark: why the gap was judged dark (e.g. "7 other aircraft heard within 100 km ..."). */
  reason?: string | null;
  lat: number | null;
  lon: number | null;
}

export interface AlertLeg {
  departureAirport: AlertAirport | null;
  arrivalAirport: AlertAirport | null;
  departureLat: number | null;
  departureLon: number | null;
  arrivalLat: number | null;
  arrivalLon: number | null;
  departedAt: number | null;
  arrivedAt: number | null;
  departureInferred: boolean;
  arrivalInferred: boolean;
  firstSeenAt: number;
  lastSeenAt: number;
  status: 'airborne' | 'landed' | 'lost';
  callsign: string | null;
}

/** A gap of the leg, as the exports write it (the email's KML and GeoJSON come from the same). */
export type AlertGap = ExportGap;

/** A stored position of the leg. */
export type AlertTrackPoint = ExportPosition;

export interface AlertEmailInput {
  airframe: AlertAirframe;
  /** At least one; in time order. The first decides the subject when there is one. */
  items: AlertItem[];
  /** The leg the items belong to (null e.g. for a squawk with no known leg). */
  leg: AlertLeg | null;
  /** Gaps on that leg, in time order. */
  gaps: AlertGap[];
  /** The leg's positions, time-ordered (may be thinned to a few thousand points). */
  track: AlertTrackPoint[];
  /** Watched airports, drawn on the map. */
  watchedAirports: AlertAirport[];
}

export interface RenderedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for inline parts referenced from the HTML as cid:... */
  cid?: string;
}

export interface RenderedEmail {
  /**
   * One line, no CR/LF, e.g.
   * "[tailwatch] RA-78765 IL76 Aviacon Zitotrans departed Havana (MUHA) 2025-10-29 14:05Z".
   */
  subject: string;
  text: string;
  html: string;
  attachments: RenderedAttachment[];
}
