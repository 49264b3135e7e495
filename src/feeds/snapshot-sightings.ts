import { isTailwatchError } from '../errors/tailwatch-error.js';
import type { MatchedBy } from '../shared/matched-by.js';
import { haversineKm, KM_PER_NM } from '../shared/geo.js';
import type { Sighting } from '../tracking/sighting.js';
import { cycleOutlierProblem, medianTime } from './data-time-bounds.js';
import { addCounts } from './drop-reasons.js';
import { purposeFromPath, type RequestScope, requestScope, strongerPurpose, withinScope } from './feed-purpose.js';
import {
  parseFeedResponse,
  UNKNOWN_PROVIDER_SOURCE,
  type ParsedFeedResponse,
  type ParsedResponse,
} from './feed-response-parser.js';
import { mergeSightings } from './merge-sightings.js';

/** A decoded body not parsed yet (tests and benches hand these in): it is validated and parsed here. */
export interface UnparsedResponse {
  /** Provider name; stamped into Sighting.source. Null for a bare recorded response. */
  provider: string | null;
  path?: string | null;
  purpose?: MatchedBy | null;
  /** A coverage probe: its aircraft are matched as a bare response's. */
  probe?: boolean;
  /** The decoded JSON body. */
  body: unknown;
}

/**
 * The responses of one poll: parsed where they entered (fetchSnapshot, readRecordedResponse), so
 * their envelopes are not checked again, or bodies not parsed yet.
 */
export type ResponseForSightings = ParsedResponse | UnparsedResponse;

/** A circle around a watched airport: the area a `/point` request asks for. */
export interface WatchedArea {
  lat: number;
  lon: number;
  radiusNm: number;
}

export interface SightingsContext {
  /**
   * The active watchlist: any aircraft on it is tagged 'watchlist', however it was found. A Set is
   * used as it is and must hold lowercase hexes (the worker keeps one per watchlist version, so a
   * cycle does not rebuild 17,000 entries); any other iterable is normalised first.
   */
  watchlistHexes?: Iterable<string>;
  /**
   * The watched areas. A response that says nothing about why it was asked (no purpose, no telling
   * path: a whole-sky snapshot or a bare recorded response) may hold aircraft from anywhere: those that
   * are neither listed nor of a watched type are kept as 'area' traffic only inside one of these
   * circles, and otherwise left out and counted in `ignored`. Unset: all of them are kept as 'area'.
   */
  areas?: readonly WatchedArea[];
  /** Watched types, to infer 'type' for responses that carry neither purpose nor path. Default ['IL76']. */
  watchedTypes?: readonly string[];
  /** For bodies not parsed yet: see parseFeedResponse. */
  maxPositionAgeS?: number;
  /** For bodies not parsed yet: Sighting.source when they have no provider. Default 'replay'. */
  unknownProviderName?: string;
}

export interface SnapshotSightings {
  /** Merged over all responses: deduped by (hex, observedAt), sorted by (hex, observedAt). */
  sightings: Sighting[];
  /** How each hex in `sightings` was matched; 'watchlist' wins over 'type' over 'area'. */
  purposeByHex: Map<string, MatchedBy>;
  dropped: Record<string, number>;
  nulledFields: Record<string, number>;
  /** Sightings of responses of unknown purpose that were neither watched nor in a watched area (see `areas`). */
  ignored: number;
  /**
   * Sightings of responses of a known purpose that did not answer it (an unrequested, unlisted hex in a
   * `/hex` answer; another type in a `/type` answer; a point outside a `/point` circle) and were neither
   * listed, of a watched type nor in a watched area: not stored.
   */
  offPurpose: number;
  /**
   * Max envelope `now` (epoch ms) over the usable responses; null when there were none. A response whose
   * `now` lies more than CYCLE_CLOCK_SPREAD_MS from the median of the cycle's is not usable.
   */
  asOf: number | null;
  /**
   * Responses skipped: an unusable envelope (FEED_BAD_RESPONSE), or a `now` far from the other responses'
   * (FEED_CLOCK_SKEW).
   */
  rejected: Array<{
    provider: string | null;
    path: string | null;
    code: 'FEED_BAD_RESPONSE' | 'FEED_RESPONSE_TOO_LARGE' | 'FEED_CLOCK_SKEW';
    message: string;
  }>;
}

/**
 * Turns the responses of one poll (live or replayed) into merged sightings tagged with how they were
 * matched. Pure: the same responses give the same result, which is what lets `replay` run the very
 * same pipeline as `poll`. A response parsed where it entered is taken as it is (its rows were parsed
 * with the staleness rule given there); a body is validated and parsed here.
 */
export function sightingsFromResponses(
  responses: readonly ResponseForSightings[],
  context: SightingsContext = {},
): SnapshotSightings {
  const watchlist =
    context.watchlistHexes instanceof Set
      ? (context.watchlistHexes as ReadonlySet<string>)
      : new Set([...(context.watchlistHexes ?? [])].map((hex) => hex.trim().toLowerCase()));
  const watchedTypes = new Set((context.watchedTypes ?? ['IL76']).map((type) => type.toUpperCase()));
  const areas = context.areas;
  const lists: Sighting[][] = [];
  const purposeByHex = new Map<string, MatchedBy>();
  const dropped: Record<string, number>[] = [];
  const nulled: Record<string, number>[] = [];
  const rejected: SnapshotSightings['rejected'] = [];
  let asOf: number | null = null;
  let ignored = 0;
  let offPurpose = 0;

  const usable: Array<{ response: ResponseForSightings; parsed: ParsedFeedResponse }> = [];
  for (const response of responses) {
    if ('sightings' in response) {
      usable.push({ response, parsed: response });
      continue;
    }
    const source = response.provider ?? context.unknownProviderName ?? UNKNOWN_PROVIDER_SOURCE;
    try {
      usable.push({
        response,
        parsed: parseFeedResponse(response.body, source, { maxPositionAgeS: context.maxPositionAgeS }),
      });
    } catch (error) {
      if (!isTailwatchError(error, 'FEED_BAD_RESPONSE') && !isTailwatchError(error, 'FEED_RESPONSE_TOO_LARGE'))
        throw error;
      const path = response.path ?? null;
      const code = error.code === 'FEED_RESPONSE_TOO_LARGE' ? 'FEED_RESPONSE_TOO_LARGE' : 'FEED_BAD_RESPONSE';
      rejected.push({ provider: response.provider, path, code, message: error.message });
    }
  }
  // The cycle's clock is the consensus of its responses: one far from the others is not used at all.
  const median = medianTime(usable.map((item) => item.parsed.now));

  for (const { response, parsed } of usable) {
    const outlier = median === null ? null : cycleOutlierProblem(parsed.now, median);
    if (outlier !== null) {
      const path = response.path ?? null;
      const name = response.provider ?? 'a recorded response';
      rejected.push({ provider: response.provider, path, code: 'FEED_CLOCK_SKEW', message: `${name}: ${outlier}` });
      continue;
    }
    dropped.push(parsed.dropped);
    nulled.push(parsed.nulledFields);
    asOf = asOf === null ? parsed.now : Math.max(asOf, parsed.now);

    // A coverage probe asks about the sky around a silent aircraft, not for area traffic: its aircraft are
    // kept only when listed, of a watched type or inside a watched area, as a bare response's are.
    const declared =
      response.probe === true ? null : (response.purpose ?? (response.path ? purposeFromPath(response.path) : null));
    const scope = response.path ? requestScope(response.path) : UNKNOWN_SCOPE;
    const kept: Sighting[] = [];
    for (const sighting of parsed.sightings) {
      // A response is trusted for what it was asked, not for every row it carries: a row counts for
      // the request's purpose only when its content answers the request; otherwise it is matched by
      // what it is, like a row of a response of unknown purpose, or left out.
      let purpose: MatchedBy | null;
      if (watchlist.has(sighting.hex)) purpose = 'watchlist';
      else if (declared !== null && answersRequest(declared, scope, sighting, watchedTypes, areas)) purpose = declared;
      else if (sighting.typeCode !== null && watchedTypes.has(sighting.typeCode)) purpose = 'type';
      else if (areas === undefined ? declared === null : inAnyArea(sighting, areas)) purpose = 'area';
      else purpose = null;
      if (purpose === null) {
        if (declared === null) ignored += 1;
        else offPurpose += 1;
        continue;
      }
      kept.push(sighting);
      const previous = purposeByHex.get(sighting.hex);
      purposeByHex.set(sighting.hex, previous === undefined ? purpose : strongerPurpose(previous, purpose));
    }
    lists.push(kept);
  }

  return {
    sightings: mergeSightings(lists),
    // One response keeps its own (deterministic) row order; several are put in hex order so that the
    // result does not depend on the order the responses arrived in.
    purposeByHex:
      responses.length > 1 ? new Map([...purposeByHex].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : purposeByHex,
    dropped: addCounts(dropped),
    nulledFields: addCounts(nulled),
    ignored,
    offPurpose,
    asOf,
    rejected,
  };
}

/**
 * The responses with each body that parses turned into a ParsedResponse (the staleness rule and source
 * sightingsFromResponses would use), in order; a body that does not parse is left as it is, for
 * sightingsFromResponses to report. A cycle parses its bodies once with this and hands the result to
 * matching and to the coverage evidence alike, instead of each parsing every row of a whole-sky body
 * again. Returns `responses` itself when nothing needed parsing (every live or replayed cycle).
 */
export function parseResponseBodies(
  responses: readonly ResponseForSightings[],
  context: Pick<SightingsContext, 'maxPositionAgeS' | 'unknownProviderName'> = {},
): readonly ResponseForSightings[] {
  if (responses.every((response) => 'sightings' in response)) return responses;
  return responses.map((response) => {
    if ('sightings' in response) return response;
    const source = response.provider ?? context.unknownProviderName ?? UNKNOWN_PROVIDER_SOURCE;
    let parsed: ParsedFeedResponse;
    try {
      parsed = parseFeedResponse(response.body, source, { maxPositionAgeS: context.maxPositionAgeS });
    } catch (error) {
      if (isTailwatchError(error, 'FEED_BAD_RESPONSE') || isTailwatchError(error, 'FEED_RESPONSE_TOO_LARGE'))
        return response;
      throw error;
    }
    const tagged: ParsedResponse = {
      ...parsed,
      provider: response.provider,
      path: response.path ?? null,
      purpose: response.purpose ?? null,
    };
    if (response.probe === true) tagged.probe = true;
    return tagged;
  });
}

const UNKNOWN_SCOPE: RequestScope = { kind: 'unknown' };

/**
 * Whether a row of a response asked for `declared` answers that request: its scope (read from the path)
 * when the path tells it, else what the purpose means (a watched type; a watched area). An unlisted
 * hex never counts as 'watchlist' without a path that asked for it.
 */
function answersRequest(
  declared: MatchedBy,
  scope: RequestScope,
  sighting: Sighting,
  watchedTypes: ReadonlySet<string>,
  areas: readonly WatchedArea[] | undefined,
): boolean {
  const within = withinScope(scope, sighting);
  if (within !== null) return within;
  if (declared === 'type') return sighting.typeCode !== null && watchedTypes.has(sighting.typeCode);
  if (declared === 'area') return areas === undefined || inAnyArea(sighting, areas);
  return false;
}

function inAnyArea(sighting: Sighting, areas: readonly WatchedArea[]): boolean {
  for (const area of areas) {
    // A cheap latitude bound first: most of a whole-sky snapshot is far from every watched airport.
    const radiusKm = area.radiusNm * KM_PER_NM;
    if (Math.abs(sighting.lat - area.lat) * 111.19 > radiusKm) continue; // an arc is at least its latitude span
    if (haversineKm(area.lat, area.lon, sighting.lat, sighting.lon) <= radiusKm) return true;
  }
  return false;
}
