import { cleanText } from '../watchlist/airframe.js';
import type { Sighting } from '../tracking/sighting.js';
import {
  AIRCRAFT_FIELD_SCHEMAS,
  latitudeSchema,
  longitudeSchema,
  secondsAgoSchema,
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
  | { kind: 'dropped'; reason: DropReason };

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
    return dropped(record.lastPosition !== undefined && record.lastPosition !== null ? 'stale_position' : 'no_position');
  }
  if (!hasLat || !hasLon) return dropped('bad_coordinates');
  const lat = latitudeSchema.safeParse(record.lat);
  const lon = longitudeSchema.safeParse(record.lon);
  if (!lat.success || !lon.success) return dropped('bad_coordinates');

  let secondsAgo: number;
  if (record.seen_pos !== undefined && record.seen_pos !== null) {
    const seenPos = secondsAgoSchema.safeParse(record.seen_pos);
    if (!seenPos.success) return dropped('bad_field');
    secondsAgo = seenPos.data;
  } else {
    const seen = secondsAgoSchema.safeParse(record.seen);
    if (!seen.success) return dropped('no_position_time');
    secondsAgo = seen.data;
  }
  secondsAgo = Math.max(0, secondsAgo);
  if (secondsAgo > context.maxPositionAgeS) return dropped('stale_position');

  const nulledFields: AircraftFieldName[] = [];
  const field = <K extends AircraftFieldName>(name: K): AircraftFieldValue<K> | null => {
    const value = record[name];
    if (value === undefined || value === null) return null;
    const parsed = AIRCRAFT_FIELD_SCHEMAS[name].safeParse(value);
    if (!parsed.success) {
      nulledFields.push(name);
      return null;
    }
    return parsed.data as AircraftFieldValue<K>;
  };

  const altBaro = field('alt_baro');
  const sighting: Sighting = {
    hex: trimmedHex,
    observedAt: Math.round(context.nowMs - secondsAgo * 1000),
    lat: lat.data,
    lon: lon.data,
    altBaroFt: typeof altBaro === 'number' ? altBaro : null,
    onGround: altBaro === 'ground',
    groundSpeedKt: field('gs'),
    trackDeg: field('track'),
    // geom_rate stands in when the barometric rate is missing or unusable.
    verticalRateFpm: field('baro_rate') ?? field('geom_rate'),
    squawk: field('squawk'),
    callsign: cleanText(field('flight')),
    registration: cleanText(field('r')),
    typeCode: cleanText(field('t'))?.toUpperCase() ?? null,
    source: context.source,
  };
  return { kind: 'sighting', sighting, nulledFields };
}
