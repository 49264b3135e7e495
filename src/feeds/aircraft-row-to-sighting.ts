import { cleanText } from '../shared/clean-text.js';
import type { Sighting } from '../tracking/sighting.js';
import {
  AIRCRAFT_FIELD_CHECKS,
  checkLatitude,
  checkLongitude,
  checkSecondsAgo,
  type AircraftFieldName,
  type AircraftFieldValue,
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

export type RowOutcome =
  | { kind: 'sighting'; sighting: Sighting; nulledFields: readonly AircraftFieldName[] }
  | { kind: 'dropped'; reason: DropReason; heardWithoutPosition?: boolean; hex?: string };

const HEX_PATTERN = /^[0-9a-f]{6}$/;

function dropped(reason: DropReason): RowOutcome {
  return { kind: 'dropped', reason };
}

/**
 * Turns one ADSBx-v2 row into a Sighting, or says why it cannot be one. Pure.
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
export function aircraftRowToSighting(row: unknown, context: RowContext): RowOutcome {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return dropped('bad_row');
  const record = row as Record<string, unknown>;

  const rawHex = record.hex;
  if (typeof rawHex !== 'string') return dropped('bad_hex');
  const trimmedHex = rawHex.trim().toLowerCase();
  if (trimmedHex.startsWith('~')) return dropped('non_icao_address');
  if (!HEX_PATTERN.test(trimmedHex)) return dropped('bad_hex');

  const hasLat = record.lat !== undefined && record.lat !== null;
  const hasLon = record.lon !== undefined && record.lon !== null;
  if (!hasLat && !hasLon) {
    const reason = record.lastPosition !== undefined && record.lastPosition !== null ? 'stale_position' : 'no_position';
    // Listed without a position (Mode S only, rr_lat/rr_lon, lastPosition): a recent message means its
    // transponder is on, which a transponder gap's verdict needs to know (docs/tracking.md#gap-verdicts).
    const seen = checkSecondsAgo(record.seen);
    if (seen !== undefined && seen <= context.maxPositionAgeS)
      return { kind: 'dropped', reason, heardWithoutPosition: true, hex: trimmedHex };
    return dropped(reason);
  }
  if (!hasLat || !hasLon) return dropped('bad_coordinates');
  const lat = checkLatitude(record.lat);
  const lon = checkLongitude(record.lon);
  if (lat === undefined || lon === undefined) return dropped('bad_coordinates');

  let secondsAgo: number;
  if (record.seen_pos !== undefined && record.seen_pos !== null) {
    const seenPos = checkSecondsAgo(record.seen_pos);
    if (seenPos === undefined) return dropped('bad_field');
    secondsAgo = seenPos;
  } else {
    const seen = checkSecondsAgo(record.seen);
    if (seen === undefined) return dropped('no_position_time');
    secondsAgo = seen;
  }
  secondsAgo = Math.max(0, secondsAgo);
  if (secondsAgo > context.maxPositionAgeS) return dropped('stale_position');

  const nulledFields: AircraftFieldName[] = [];
  const altBaro = field(record, 'alt_baro', nulledFields);
  const typeCode = cleanText(field(record, 't', nulledFields));
  const verticalRate = field(record, 'baro_rate', nulledFields) ?? field(record, 'geom_rate', nulledFields);
  // Numbers at the precision positions keep them (integers for alt_baro_ft and vertical_rate_fpm, float4 for
  // ground_speed_kt and track_deg): the engine then sees exactly what the log holds, so a track rebuilt
  // from stored positions is identical to the one tracked live (tracking/log-advance.ts).
  const sighting: Sighting = {
    hex: trimmedHex,
    observedAt: Math.round(context.nowMs - secondsAgo * 1000),
    lat,
    lon,
    altBaroFt: typeof altBaro === 'number' ? Math.round(altBaro) : null,
    onGround: altBaro === 'ground',
    groundSpeedKt: asFloat4(field(record, 'gs', nulledFields)),
    trackDeg: asFloat4(field(record, 'track', nulledFields)),
    // geom_rate stands in when the barometric rate is missing or unusable.
    verticalRateFpm: verticalRate === null ? null : Math.round(verticalRate),
    squawk: field(record, 'squawk', nulledFields),
    callsign: cleanText(field(record, 'flight', nulledFields)),
    registration: cleanText(field(record, 'r', nulledFields)),
    typeCode: typeCode === null ? null : typeCode.toUpperCase(),
    source: context.source,
  };
  return { kind: 'sighting', sighting, nulledFields };
}

function asFloat4(value: number | null): number | null {
  return value === null ? null : Math.fround(value);
}

/** A descriptive field's value, or null when absent; a wrong type or impossible value is null and noted. */
function field<K extends AircraftFieldName>(
  record: Record<string, unknown>,
  name: K,
  nulledFields: AircraftFieldName[],
): AircraftFieldValue<K> | null {
  const value = record[name];
  if (value === undefined || value === null) return null;
  const checked = AIRCRAFT_FIELD_CHECKS[name](value);
  if (checked === undefined) {
    nulledFields.push(name);
    return null;
  }
  return checked as AircraftFieldValue<K>;
}
