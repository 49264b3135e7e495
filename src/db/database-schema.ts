import type { ColumnType, Generated, JSONColumnType, Kysely, Transaction } from 'kysely';
import type { MatchedBy } from '../shared/matched-by.js';

/** Kysely row types of the analysts' schema (see docs/schema.md). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AirframesTable {
  hex: string;
  registration: string | null;
  type_code: string | null;
  operator: string | null;
  reason: string | null;
  source: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AirframeChangesTable {
  id: Generated<string>;
  hex: string;
  action: 'add' | 'change' | 'remove' | 'reactivate';
  changed_by: string;
  /** The database login that made the change (session_user), which the writer cannot set. */
  db_user: Generated<string>;
  changed_at: Timestamp;
  via: string | null;
  note: string | null;
  old_values: JSONColumnType<Record<string, unknown>> | null;
  new_values: JSONColumnType<Record<string, unknown>> | null;
}

export interface AirportsTable {
  ident: string;
  name: string;
  type: string;
  lat: number;
  lon: number;
  elevation_ft: number | null;
  iso_country: string | null;
  iata: string | null;
  source: Generated<string>;
}

export interface RunwaysTable {
  id: Generated<string>;
  airport_ident: string;
  length_ft: number | null;
  width_ft: number | null;
  surface: string | null;
  closed: boolean;
  le_ident: string;
  le_lat: number | null;
  le_lon: number | null;
  le_elevation_ft: number | null;
  le_heading_degt: number | null;
  he_ident: string | null;
  he_lat: number | null;
  he_lon: number | null;
  he_elevation_ft: number | null;
  he_heading_degt: number | null;
  source: Generated<string>;
}

export interface AppMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

// Defined in shared/ (the feeds tag sightings with it too); re-exported for the users of these column types.
export type { MatchedBy };

export interface PositionsTable {
  hex: string;
  observed_at: Timestamp;
  lat: number;
  lon: number;
  alt_baro_ft: number | null;
  on_ground: boolean;
  ground_speed_kt: number | null;
  track_deg: number | null;
  vertical_rate_fpm: number | null;
  squawk: string | null;
  callsign: string | null;
  source: string;
  matched_by: MatchedBy;
  /** Bitmask of the providers that reported the position (bits named in feed_providers); null before 2026-12. */
  heard_by: number | null;
}

export interface FeedProvidersTable {
  bit: number;
  name: string;
  first_stored_at: Generated<Timestamp>;
}

export interface LegsTable {
  id: Generated<string>;
  leg_key: string;
  hex: string;
  departure_airport: string | null;
  arrival_airport: string | null;
  departure_lat: number | null;
  departure_lon: number | null;
  arrival_lat: number | null;
  arrival_lon: number | null;
  departed_at: Timestamp | null;
  arrived_at: Timestamp | null;
  departure_inferred: boolean;
  arrival_inferred: boolean;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  status: 'airborne' | 'landed' | 'lost';
  callsign: string | null;
  matched_by: MatchedBy;
  departure_runway: string | null;
  arrival_runway: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransponderGapsTable {
  id: Generated<string>;
  gap_key: string;
  hex: string;
  leg_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  start_lat: number;
  start_lon: number;
  start_alt_ft: number | null;
  start_on_ground: boolean;
  end_lat: number | null;
  end_lon: number | null;
  end_alt_ft: number | null;
  end_on_ground: boolean | null;
  distance_km: number | null;
  implied_speed_kt: number | null;
  /** dark | coverage | outage | unknown (docs/tracking.md#gap-verdicts). */
  verdict: Generated<string>;
  evidence_cycles: Generated<number>;
  covered_cycles: Generated<number>;
  outage_cycles: Generated<number>;
  others_heard: Generated<number>;
  nearest_other_km: number | null;
  providers_checked: Generated<string[]>;
  heard_without_position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One observation of the sky around a silent aircraft's expected position (docs/schema.md#coverage_probes). */
export interface CoverageProbesTable {
  id: Generated<string>;
  gap_key: string;
  hex: string;
  observed_at: Timestamp;
  cycle_id: string | null;
  provider: string | null;
  source: string;
  path: string | null;
  expected_lat: number;
  expected_lon: number;
  alt_ft: number | null;
  radius_km: number;
  others_heard: number;
  others_comparable: number;
  nearest_other_km: number | null;
  nearest_other_hex: string | null;
  others_min_alt_ft: number | null;
  others_max_alt_ft: number | null;
  asked_for_hex: boolean;
  heard_without_position: boolean;
  outage: boolean;
  created_at: Generated<Timestamp>;
}

export interface TrackEventsTable {
  id: Generated<string>;
  event_key: string;
  hex: string;
  kind: string;
  at: Timestamp;
  leg_id: string | null;
  gap_id: string | null;
  airport: string | null;
  inferred: boolean | null;
  lat: number | null;
  lon: number | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  cycle_id: string | null;
  created_at: Timestamp;
}

export interface TrackerStateTable {
  hex: string;
  state: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface PollCyclesTable {
  id: Generated<string>;
  mode: 'poll' | 'replay';
  status: 'ok' | 'partial' | 'failed';
  started_at: Timestamp;
  finished_at: Timestamp;
  duration_ms: number;
  fetch_ms: number | null;
  process_ms: number | null;
  store_ms: number | null;
  data_time: Timestamp | null;
  requests: number;
  failed_requests: number;
  watchlist_size: number;
  sightings: number;
  positions_stored: number;
  dropped: ColumnType<Record<string, number>, string | undefined, string>;
  events: number;
  legs_changed: number;
  gaps_changed: number;
  errors: ColumnType<unknown[], string | undefined, string>;
  /** How each provider fared (feeds' ProviderCycleStatus[]); null for replays and cycles before 2026-12. */
  providers: ColumnType<unknown[] | null, string | null | undefined, string | null>;
}

export interface LegSummaryView {
  id: string;
  hex: string;
  registration: string | null;
  type_code: string | null;
  operator: string | null;
  callsign: string | null;
  status: string;
  matched_by: MatchedBy;
  departure_airport: string | null;
  departure_name: string | null;
  departed_at: Date | null;
  departure_inferred: boolean;
  arrival_airport: string | null;
  arrival_name: string | null;
  arrived_at: Date | null;
  arrival_inferred: boolean;
  first_seen_at: Date;
  last_seen_at: Date;
  duration: unknown;
  gap_count: number;
  minutes_dark: number;
  departure_runway: string | null;
  arrival_runway: string | null;
}

export type AlertRuleName = 'departure' | 'arrival' | 'went_dark' | 'emergency_squawk' | 'unlisted';
export type AlertStatus = 'pending' | 'sent' | 'failed';

/** The alert outbox (see docs/schema.md): one row per (rule, leg or gap, event). */
export interface AlertsTable {
  id: Generated<string>;
  rule: AlertRuleName;
  hex: string;
  leg_id: string | null;
  gap_id: string | null;
  event_id: string | null;
  airport: string | null;
  event_at: Timestamp;
  dedupe_key: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<AlertStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  message_id: string | null;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  subject: string | null;
  cycle_id: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

/** One alert's delivery to one configured webhook (the outbox's second channel). */
export interface AlertWebhooksTable {
  id: Generated<string>;
  alert_id: string;
  webhook: string;
  status: Generated<AlertStatus>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

/** One day's digest email (the outbox of `alerts.digest`). */
export interface AlertDigestsTable {
  day: string;
  window_start: Timestamp;
  window_end: Timestamp;
  status: Generated<AlertStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  message_id: string;
  subject: string | null;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

/** Emergency-squawk state per aircraft (internal to the emergency_squawk rule). */
export interface SquawkWatchTable {
  hex: string;
  squawk: string;
  since: Timestamp;
  last_seen_at: Timestamp;
  alerted: boolean;
  updated_at: Generated<Date>;
}

export interface Database {
  airframes: AirframesTable;
  airframe_changes: AirframeChangesTable;
  airports: AirportsTable;
  runways: RunwaysTable;
  app_meta: AppMetaTable;
  positions: PositionsTable;
  legs: LegsTable;
  transponder_gaps: TransponderGapsTable;
  coverage_probes: CoverageProbesTable;
  track_events: TrackEventsTable;
  tracker_state: TrackerStateTable;
  poll_cycles: PollCyclesTable;
  feed_providers: FeedProvidersTable;
  leg_summary: LegSummaryView;
  alerts: AlertsTable;
  alert_webhooks: AlertWebhooksTable;
  alert_digests: AlertDigestsTable;
  squawk_watch: SquawkWatchTable;
}

/** The database, or a transaction on it: what a repository function takes first. */
export type Db = Kysely<Database> | Transaction<Database>;
