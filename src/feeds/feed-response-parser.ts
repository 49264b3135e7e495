import type { Sighting } from '../tracking/sighting.js';
import { parseFeedEnvelope } from './adsbx-v2-envelope.js';
import { aircraftRowToSighting } from './aircraft-row-to-sighting.js';
import { countInto } from './drop-reasons.js';

export const DEFAULT_MAX_POSITION_AGE_S = 60;

export interface ParseFeedOptions {
  /** Positions older than this many seconds are dropped as stale_position. Default 60 (the feeds' own listing rule). */
  maxPositionAgeS?: number;
}

export interface ParsedFeedResponse {
  sightings: Sighting[];
  /** Dropped rows by reason (see DROP_REASONS). */
  dropped: Record<string, number>;
  /** Fields set to null because of a wrong type or impossible value, by feed field name (e.g. gs). */
  nulledFields: Record<string, number>;
  /** The envelope's `now`, epoch ms. */
  now: number;
}

/**
 * Parses one feed response body (already JSON-decoded) into sightings. Pure.
 * Strict per envelope (throws FEED_BAD_RESPONSE), lenient per row (a bad row is dropped and counted).
 * Sightings keep the order of the rows; use mergeSightings to dedupe and sort.
 */
export function parseFeedResponse(body: unknown, source: string, options: ParseFeedOptions = {}): ParsedFeedResponse {
  const envelope = parseFeedEnvelope(body, source);
  const context = {
    nowMs: envelope.nowMs,
    source,
    maxPositionAgeS: options.maxPositionAgeS ?? DEFAULT_MAX_POSITION_AGE_S,
  };
  const sightings: Sighting[] = [];
  const dropped: Record<string, number> = {};
  const nulledFields: Record<string, number> = {};
  for (const row of envelope.rows) {
    const outcome = aircraftRowToSighting(row, context);
    if (outcome.kind === 'dropped') {
      countInto(dropped, outcome.reason);
      continue;
    }
    sightings.push(outcome.sighting);
    for (const name of outcome.nulledFields) countInto(nulledFields, name);
  }
  return { sightings, dropped, nulledFields, now: envelope.nowMs };
}
