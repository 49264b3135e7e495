import { isTailwatchError } from '../errors/tailwatch-error.js';
import type { Sighting } from '../tracking/sighting.js';
import { addCounts } from './drop-reasons.js';
import { purposeFromPath, strongerPurpose, type FeedPurpose } from './feed-purpose.js';
import { parseFeedResponse } from './feed-response-parser.js';
import { mergeSightings } from './merge-sightings.js';

/** A response as fetched live (fetchSnapshot) or read back from a recording (parseRecordedLine). */
export interface ResponseForSightings {
  /** Provider name; stamped into Sighting.source. Null for a bare recorded response. */
  provider: string | null;
  path?: string | null;
  purpose?: FeedPurpose | null;
  /** The decoded JSON body. */
  body: unknown;
}

export interface SightingsContext {
  /** The active watchlist: any aircraft on it is tagged 'watchlist', however it was found. */
  watchlistHexes?: Iterable<string>;
  /** Watched types, to infer 'type' for responses that carry neither purpose nor path. Default ['IL76']. */
  watchedTypes?: readonly string[];
  /** See parseFeedResponse. */
  maxPositionAgeS?: number;
  /** Sighting.source for responses without a provider. Default 'replay'. */
  unknownProviderName?: string;
}

export interface SnapshotSightings {
  /** Merged over all responses: deduped by (hex, observedAt), sorted by (hex, observedAt). */
  sightings: Sighting[];
  /** How each hex in `sightings` was matched; 'watchlist' wins over 'type' over 'area'. */
  purposeByHex: Map<string, FeedPurpose>;
  dropped: Record<string, number>;
  nulledFields: Record<string, number>;
  /** Max envelope `now` (epoch ms) over the usable responses; null when there were none. */
  asOf: number | null;
  /** Responses whose envelope was unusable (FEED_BAD_RESPONSE), skipped. */
  rejected: Array<{ provider: string | null; path: string | null; message: string }>;
}

/**
 * Turns the responses of one poll (live or replayed) into merged sightings tagged with how they were
 * matched. Pure: the same responses give the same result, which is what lets `replay` run the very
 * same pipeline as `poll`.
 */
export function sightingsFromResponses(responses: readonly ResponseForSightings[], context: SightingsContext = {}): SnapshotSightings {
  const watchlist = new Set([...(context.watchlistHexes ?? [])].map((hex) => hex.trim().toLowerCase()));
  const watchedTypes = new Set((context.watchedTypes ?? ['IL76']).map((type) => type.toUpperCase()));
  const lists: Sighting[][] = [];
  const purposeByHex = new Map<string, FeedPurpose>();
  const dropped: Record<string, number>[] = [];
  const nulled: Record<string, number>[] = [];
  const rejected: SnapshotSightings['rejected'] = [];
  let asOf: number | null = null;

  for (const response of responses) {
    const source = response.provider ?? context.unknownProviderName ?? 'replay';
    let parsed;
    try {
      parsed = parseFeedResponse(response.body, source, { maxPositionAgeS: context.maxPositionAgeS });
    } catch (error) {
      if (!isTailwatchError(error, 'FEED_BAD_RESPONSE')) throw error;
      rejected.push({ provider: response.provider, path: response.path ?? null, message: error.message });
      continue;
    }
    lists.push(parsed.sightings);
    dropped.push(parsed.dropped);
    nulled.push(parsed.nulledFields);
    asOf = asOf === null ? parsed.now : Math.max(asOf, parsed.now);

    const declared = response.purpose ?? (response.path ? purposeFromPath(response.path) : null);
    for (const sighting of parsed.sightings) {
      let purpose: FeedPurpose =
        declared ?? (sighting.typeCode !== null && watchedTypes.has(sighting.typeCode) ? 'type' : 'area');
      if (watchlist.has(sighting.hex)) purpose = 'watchlist';
      const previous = purposeByHex.get(sighting.hex);
      purposeByHex.set(sighting.hex, previous === undefined ? purpose : strongerPurpose(previous, purpose));
    }
  }

  return {
    sightings: mergeSightings(lists),
    purposeByHex: new Map([...purposeByHex].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    dropped: addCounts(dropped),
    nulledFields: addCounts(nulled),
    asOf,
    rejected,
  };
}
