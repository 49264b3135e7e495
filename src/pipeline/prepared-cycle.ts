import type { MatchedBy } from '../db/database-schema.js';
import type { LoadedTrackerState } from '../store/tracker-state-repository.js';
import { addCounts } from '../feeds/drop-reasons.js';
import {
  parseResponseBodies,
  type SnapshotSightings,
  sightingsFromResponses,
  type WatchedArea,
} from '../feeds/snapshot-sightings.js';
import type { AirportIndex } from '../airports/airport.js';
import type { Sighting } from '../tracking/sighting.js';
import { DEFAULT_TRACKER_CONFIG } from '../tracking/tracker-config.js';
import { advanceTracker, type TrackerResult } from '../tracking/tracker-engine.js';
import type { TrackerState } from '../tracking/tracker-state.js';
import type { VerdictConfig } from '../tracking/verdict-config.js';
import { type CycleCoverage, coverageEvidence } from './coverage-evidence.js';
import type { CycleError, CycleInput } from './cycle-types.js';

/**
 * Everything a cycle derives before it touches the database: validated sightings, their purposes and
 * the engine's step. Pure data, so a replay can prepare the next poll while this one's transaction is
 * in flight (see replay-file.ts), and redo it when the state it was computed from did not commit.
 */
export interface PreparedCycle {
  input: CycleInput;
  snapshot: SnapshotSightings;
  errors: CycleError[];
  dropped: Record<string, number>;
  purposeOf: (hex: string) => MatchedBy;
  areaOnly: Sighting[];
  /** The clock the engine was advanced to; null when no usable response or no trustworthy time. */
  asOf: number | null;
  /** The engine state this cycle was computed from (null only for a cycle with no usable response). */
  before: TrackerState | null;
  /** The tracker_state version `before` was read with, when it was loaded from the database for this cycle. */
  loadedVersion: string | null;
  /** When `before` was loaded from the database for this cycle: the checkpoint it was rebuilt from. */
  loaded?: LoadedTrackerState;
  result: TrackerResult | null;
  /** Tracked (accepted) and area sightings, in the order they are stored. */
  positions: Sighting[];
  processMs: number;
  watchlistSize: number;
  /** The silent aircraft of the cycle and what was heard around them (null when the engine did not run). */
  coverage: CycleCoverage | null;
}

export interface PrepareContext {
  watchlist: ReadonlySet<string>;
  airportIndex: AirportIndex;
  watchTypes: readonly string[];
  watchedTypes: ReadonlySet<string>;
  maxPositionAgeS: number;
  /** feeds.maxTypeAircraftPerCycle. */
  maxTypeAircraft: number;
  areas: WatchedArea[];
  trackerConfig: Parameters<typeof advanceTracker>[3];
  verdictConfig: VerdictConfig;
}

/**
 * Validation and matching: the sightings of the cycle's responses, and how each aircraft was matched.
 * `input` is the cycle's input with its bodies parsed (see parseResponseBodies): the cycle goes on with
 * it, so that the coverage evidence, and a cycle prepared again, do not parse a body a second time.
 */
export function matchCycle(
  input: CycleInput,
  context: PrepareContext,
): Pick<PreparedCycle, 'input' | 'snapshot' | 'errors' | 'dropped' | 'purposeOf'> {
  const responses = parseResponseBodies(input.responses, { maxPositionAgeS: context.maxPositionAgeS });
  const parsedInput = responses === input.responses ? input : { ...input, responses };
  const matched = sightingsFromResponses(responses, {
    watchlistHexes: context.watchlist,
    watchedTypes: context.watchTypes,
    maxPositionAgeS: context.maxPositionAgeS,
    areas: context.areas,
  });
  // The data never runs ahead of the shell's clock (a live poll's): a response a little ahead of it is
  // used, but the cycle's clock, which opens gaps and decides partitions, stops at the shell's.
  const ceiling = input.latestDataTimeMs;
  const snapshot =
    ceiling !== undefined && matched.asOf !== null && matched.asOf > ceiling ? { ...matched, asOf: ceiling } : matched;
  const errors: CycleError[] = [
    ...input.errors,
    ...snapshot.rejected.map((r) => ({ path: r.path, purpose: null, code: r.code, message: r.message })),
  ];
  const dropped: Record<string, number> = { ...snapshot.dropped };
  if (snapshot.ignored > 0) dropped.unwatched = snapshot.ignored;
  if (snapshot.offPurpose > 0) dropped.off_purpose = snapshot.offPurpose;
  const purposeOf = (hex: string): MatchedBy => snapshot.purposeByHex.get(hex) ?? 'area';
  return { input: parsedInput, snapshot, errors, dropped, purposeOf };
}

/** The engine's step on `before` for a matched cycle. Pure: the same inputs give the same cycle. */
export function trackCycle(
  input: CycleInput,
  matched: ReturnType<typeof matchCycle>,
  before: TrackerState,
  loadedVersion: string | null,
  context: PrepareContext,
  startedAt: number,
): PreparedCycle {
  const { snapshot, errors } = matched;
  if (snapshot.asOf === null) return unusableCycle(input, matched, before, context, startedAt);
  // An aircraft tracked for its type is stored as matched by type even when an area answer brought it:
  // every row a track was built from is then one with matched_by other than 'area', which is how the
  // engine state is rebuilt from the log (store/tracker-state-repository.ts).
  const byType = new Set<string>();
  const purposeOf = (hex: string): MatchedBy => (byType.has(hex) ? 'type' : matched.purposeOf(hex));
  // Aircraft on the list or of a watched type are tracked; area traffic is only stored.
  const tracked: Sighting[] = [];
  const areaOnly: Sighting[] = [];
  // Area traffic bypasses the engine, so it gets the engine's own bound on time here: nothing is stored
  // further ahead of the cycle's clock than a tracked sighting could be.
  const latestArea = snapshot.asOf + (context.trackerConfig ?? DEFAULT_TRACKER_CONFIG).maxFutureMs;
  let futureArea = 0;
  if (context.watchedTypes.size)
    for (const s of snapshot.sightings)
      if (s.typeCode !== null && context.watchedTypes.has(s.typeCode) && matched.purposeOf(s.hex) === 'area')
        byType.add(s.hex);
  // Listed aircraft are always tracked; those tracked for their type alone, up to the cap.
  const byTypeTracked = new Set<string>();
  let overTypeCap = 0;
  for (const s of snapshot.sightings) {
    const purpose = purposeOf(s.hex);
    if (purpose === 'watchlist') tracked.push(s);
    else if (purpose === 'type') {
      if (!byTypeTracked.has(s.hex)) {
        if (byTypeTracked.size >= context.maxTypeAircraft) {
          overTypeCap += 1;
          continue;
        }
        byTypeTracked.add(s.hex);
      }
      tracked.push(s);
    } else if (s.observedAt > latestArea) futureArea += 1;
    else areaOnly.push(s);
  }
  // When a watchlist request failed, absent airframes may just be unasked: only the data's own
  // latest time may advance the clock, so no gap is opened for lack of an answer.
  const watchlistFailed = errors.some((e) => e.purpose === 'watchlist' || e.purpose === null);
  const latestSighting = snapshot.sightings.reduce((max, s) => Math.max(max, s.observedAt), Number.NEGATIVE_INFINITY);
  const asOf = watchlistFailed
    ? Number.isFinite(latestSighting)
      ? Math.min(latestSighting, snapshot.asOf)
      : null
    : snapshot.asOf;
  const result =
    asOf === null
      ? null
      : advanceTracker(before, { sightings: tracked, asOf }, context.airportIndex, context.trackerConfig);
  const dropped = addCounts([
    matched.dropped,
    result?.dropped ?? {},
    futureArea ? { future: futureArea } : {},
    overTypeCap ? { over_type_cap: overTypeCap } : {},
  ]);
  // Who is silent, and who was heard around where they should be: from the state the cycle starts from.
  const coverage =
    asOf === null
      ? null
      : coverageEvidence(before, new Set(tracked.map((s) => s.hex)), input.responses, asOf, context.verdictConfig);
  const positions = [...(result?.accepted ?? []), ...areaOnly];
  return {
    input,
    snapshot,
    errors,
    dropped,
    purposeOf,
    watchlistSize: context.watchlist.size,
    areaOnly,
    asOf,
    before,
    loadedVersion,
    result,
    positions,
    processMs: performance.now() - startedAt,
    coverage,
  };
}

/** A cycle with no usable response: nothing is known, so nothing may be inferred from absence. */
export function unusableCycle(
  input: CycleInput,
  matched: ReturnType<typeof matchCycle>,
  basis: TrackerState | null,
  context: PrepareContext,
  startedAt: number,
): PreparedCycle {
  return {
    ...matched,
    input,
    dropped: { ...matched.dropped },
    watchlistSize: context.watchlist.size,
    areaOnly: [],
    asOf: null,
    before: basis,
    loadedVersion: null,
    result: null,
    positions: [],
    processMs: performance.now() - startedAt,
    coverage: null,
  };
}

/** The engine state a cycle leaves behind once committed (its basis when it ran no engine step). */
export function stateAfter(cycle: PreparedCycle): TrackerState | null {
  return cycle.result?.state ?? cycle.before;
}
