import type { MatchedBy } from '../shared/matched-by.js';
import type { Sighting } from '../tracking/sighting.js';
import { parseFeedEnvelope, type FeedEnvelope } from './adsbx-v2-envelope.js';
import { aircraftRowToSighting, type RowTallies } from './aircraft-row-to-sighting.js';
import { countInto } from './drop-reasons.js';

export const DEFAULT_MAX_POSITION_AGE_S = 60;
/** Sighting.source of a response whose provider is unknown (a bare response in a recording). */
export const UNKNOWN_PROVIDER_SOURCE = 'replay';

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
  /** Hexes listed with a recent message but no usable position (e.g. Mode S only): heard, not placed. */
  heardWithoutPosition?: string[];
}

/**
 * One feed response, validated and parsed where it entered (a live fetch, fetchSnapshot, or a recorded
 * line, readRecordedResponse), with what is known of why it was asked: what feeds/ hands the pipeline.
 */
export interface ParsedResponse extends ParsedFeedResponse {
  /** Provider name, stamped into Sighting.source; null for a bare recorded response. */
  provider: string | null;
  path: string | null;
  purpose: MatchedBy | null;
  /** A `/point` asked around a silent aircraft's expected position (see pipeline/coverage-evidence.ts). */
  probe?: boolean;
}

/**
 * Turns the rows of a validated envelope into sightings. Pure. Lenient per row: a bad row is dropped
 * and counted, a bad descriptive field is nulled and counted. Sightings keep the order of the rows;
 * use mergeSightings to dedupe and sort.
 */
export function parseEnvelopeRows(
  envelope: FeedEnvelope,
  source: string,
  options: ParseFeedOptions = {},
): ParsedFeedResponse {
  const context = {
    nowMs: envelope.nowMs,
    source,
    maxPositionAgeS: options.maxPositionAgeS ?? DEFAULT_MAX_POSITION_AGE_S,
  };
  const sightings: Sighting[] = [];
  const dropped: Record<string, number> = {};
  const tallies: RowTallies = { nulledFields: {}, heardWithoutPosition: [] };
  for (const row of envelope.rows) {
    const outcome = aircraftRowToSighting(row, context, tallies);
    if (typeof outcome === 'string') countInto(dropped, outcome);
    else sightings.push(outcome);
  }
  const { nulledFields, heardWithoutPosition } = tallies;
  return {
    sightings,
    dropped,
    nulledFields,
    now: envelope.nowMs,
    ...(heardWithoutPosition.length ? { heardWithoutPosition } : {}),
  };
}

/**
 * Parses one feed response body (already JSON-decoded) into sightings. Pure.
 * Strict per envelope (throws FEED_BAD_RESPONSE, see parseFeedEnvelope), lenient per row (parseEnvelopeRows).
 */
export function parseFeedResponse(body: unknown, source: string, options: ParseFeedOptions = {}): ParsedFeedResponse {
  return parseEnvelopeRows(parseFeedEnvelope(body, source), source, options);
}
