import { cleanText } from '../shared/clean-text.js';
import type { Sighting } from '../tracking/sighting.js';
import {
  checkAltBaro,
  checkGroundSpeed,
  checkLatitude,
  checkLongitude,
  checkLongText,
  checkSecondsAgo,
  checkSquawk,
  checkTrack,
  checkTypeCode,
  checkVerticalRate,
  type AircraftFieldName,
} from './adsbx-v2-aircraft-fields.js';
import type { DropReason } from './drop-reasons.js';

export interface RowContext {
  /** `now` of the response envelope, epoch ms. */
  nowMs: number;
  /** Provider name stamped into Sighting.source. */
  source: string;
  /** Positions older than this (seconds) are dropped as stale_position. */
  maxPositionAgeS: number;
}

/** What the rows of one response add up to besides their sightings (see ParsedFeedResponse). */
export interface RowTallies {
  /** Descriptive fields set to null (wrong type or impossible value), by feed field name. */
  nulledFields: Record<string, number>;
  /** Hexes listed with a recent message but no usable position. */
  heardWithoutPosition: string[];
}

const HEX_PATTERN = /^[0-9a-f]{6}$/;

/**
 * Turns one ADSBx-v2 row into a Sighting, or says why it cannot be one (the drop reason). Pure but for
 * `tallies`, which it adds the row's nulled fields to (a row that becomes a sighting), or its hex when it
 * is listed without a position but with a recent message. It runs on every row of a whole-sky answer
 * (10,000 a poll), so it makes nothing but the Sighting: no outcome object, no list per row.
 *
 * Decisions (documented in docs of the feeds module, and tested):
 * - Position time = now - seen_pos*1000, rounded to integer ms. When seen_pos is absent but lat/lon are
 *   present (not readsb behaviour, but seen in other v2 emitters), `seen` is used instead: the position
 *   cannot be newer than the last message, so this errs by at most the age of the position, which beats
 *   dropping the row and opening a false gap. Neither present: dropped as no_position_time.
 * - `lastPosition` is never used. readsb only sends it when the position is over 60 s old, and the
 *   row's other fields (alt_baro, gs, track, ...) describe *now*, not that moment: a sighting built
 *   from it would mix two times. A row with lastPosition and no lat/lon counts as stale_position.
 * - `rr_lat`/`rr_lon` are a 0.1-degree receiver estimate, never a position: no_position.
 * - Wrong types: fields that identify, place or time the row (hex, lat/lon, seen_pos) drop the row;
 *   descriptive fields (alt_baro, gs, track, baro_rate, squawk, flight, r, t) become null and are counted.
 */
export function aircraftRowToSighting(row: unknown, context: RowContext, tallies: RowTallies): Sighting | DropReason {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return 'bad_row';
  const record = row as Record<string, unknown>;

  const rawHex = record.hex;
  if (typeof rawHex !== 'string') return 'bad_hex';
  let hex: string;
  if (isPlainHex(rawHex)) hex = rawHex;
  else {
    hex = rawHex.trim().toLowerCase();
    if (hex.startsWith('~')) return 'non_icao_address';
    if (!HEX_PATTERN.test(hex)) return 'bad_hex';
  }

  const rawLat = record.lat;
  const rawLon = record.lon;
  const hasLat = rawLat !== undefined && rawLat !== null;
  const hasLon = rawLon !== undefined && rawLon !== null;
  if (!hasLat && !hasLon) {
    const reason = record.lastPosition !== undefined && record.lastPosition !== null ? 'stale_position' : 'no_position';
    // Listed without a position (Mode S only, rr_lat/rr_lon, lastPosition): a recent message means its
    // transponder is on, which a transponder gap's verdict needs to know (docs/tracking.md#gap-verdicts).
    const seen = checkSecondsAgo(record.seen);
    if (seen !== undefined && seen <= context.maxPositionAgeS) tallies.heardWithoutPosition.push(hex);
    return reason;
  }
  if (!hasLat || !hasLon) return 'bad_coordinates';
  const lat = checkLatitude(rawLat);
  const lon = checkLongitude(rawLon);
  if (lat === undefined || lon === undefined) return 'bad_coordinates';

  let secondsAgo: number;
  const rawSeenPos = record.seen_pos;
  if (rawSeenPos !== undefined && rawSeenPos !== null) {
    const seenPos = checkSecondsAgo(rawSeenPos);
    if (seenPos === undefined) return 'bad_field';
    secondsAgo = seenPos;
  } else {
    const seen = checkSecondsAgo(record.seen);
    if (seen === undefined) return 'no_position_time';
    secondsAgo = seen;
  }
  secondsAgo = Math.max(0, secondsAgo);
  if (secondsAgo > context.maxPositionAgeS) return 'stale_position';

  // Checked in this order, which is the order the nulled fields are counted in.
  const nulled = tallies.nulledFields;
  const altBaro = field(record.alt_baro, checkAltBaro, 'alt_baro', nulled);
  const typeCode = cleanText(field(record.t, checkTypeCode, 't', nulled));
  const groundSpeedKt = field(record.gs, checkGroundSpeed, 'gs', nulled);
  const trackDeg = field(record.track, checkTrack, 'track', nulled);
  // geom_rate stands in when the barometric rate is missing or unusable.
  const verticalRateFpm =
    field(record.baro_rate, checkVerticalRate, 'baro_rate', nulled) ??
    field(record.geom_rate, checkVerticalRate, 'geom_rate', nulled);
  const squawk = field(record.squawk, checkSquawk, 'squawk', nulled);
  const callsign = cleanText(field(record.flight, checkLongText, 'flight', nulled));
  const registration = cleanText(field(record.r, checkLongText, 'r', nulled));
  // Numbers at the precision positions keep them (integers for alt_baro_ft and vertical_rate_fpm, float4 for
  // ground_speed_kt and track_deg): the engine then sees exactly what the log holds, so a track rebuilt
  // from stored positions is identical to the one tracked live (tracking/log-advance.ts).
  return {
    hex,
    observedAt: Math.round(context.nowMs - secondsAgo * 1000),
    lat,
    lon,
    altBaroFt: typeof altBaro === 'number' ? Math.round(altBaro) : null,
    onGround: altBaro === 'ground',
    groundSpeedKt: groundSpeedKt === null ? null : Math.fround(groundSpeedKt),
    trackDeg: trackDeg === null ? null : Math.fround(trackDeg),
    verticalRateFpm: verticalRateFpm === null ? null : Math.round(verticalRateFpm),
    squawk,
    callsign,
    registration,
    typeCode: typeCode === null ? null : typeCode.toUpperCase(),
    source: context.source,
  };
}

/** Six characters 0-9 a-f: a hex that trimming and lower-casing leave as it is (almost every row's). */
function isPlainHex(value: string): boolean {
  if (value.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** A descriptive field's value, or null when absent; a wrong type or impossible value is null and counted. */
function field<T>(
  value: unknown,
  check: (value: unknown) => T | undefined,
  name: AircraftFieldName,
  nulled: Record<string, number>,
): T | null {
  if (value === undefined || value === null) return null;
  const checked = check(value);
  if (checked !== undefined) return checked;
  nulled[name] = (nulled[name] ?? 0) + 1;
  return null;
}
