import type { AirportIndex } from '../../src/airports/airport.js';
import { buildAirportIndex } from '../../src/airports/airport-index.js';
import type { GapRecord } from '../../src/tracking/gap-record.js';
import type { LegRecord } from '../../src/tracking/leg-record.js';
import type { Sighting } from '../../src/tracking/sighting.js';
import type { TrackEvent } from '../../src/tracking/track-event.js';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from '../../src/tracking/tracker-config.js';
import { advanceTracker } from '../../src/tracking/tracker-engine.js';
import { emptyTrackerState, type TrackerState } from '../../src/tracking/tracker-state.js';
import { TEST_AIRPORTS } from './test-airports.js';

export const TEST_AIRPORT_INDEX: AirportIndex = buildAirportIndex(TEST_AIRPORTS);

/** What a store would hold after a series of advanceTracker calls: the final version of every record. */
export interface ReplayOutcome {
  state: TrackerState;
  legs: LegRecord[];
  gaps: GapRecord[];
  events: TrackEvent[];
  accepted: Sighting[];
  dropped: Record<string, number>;
}

export interface ReplayBatch {
  sightings: readonly Sighting[];
  asOf: number;
}

/** Feeds batches through the engine, upserting legs and gaps by key as the storage layer would. */
export function replay(
  batches: readonly ReplayBatch[],
  options: { state?: TrackerState; airports?: AirportIndex; config?: TrackerConfig } = {},
): ReplayOutcome {
  let state = options.state ?? emptyTrackerState();
  const legs = new Map<string, LegRecord>();
  const gaps = new Map<string, GapRecord>();
  const events: TrackEvent[] = [];
  const accepted: Sighting[] = [];
  const dropped: Record<string, number> = {};
  for (const batch of batches) {
    const r = advanceTracker(
      state,
      batch,
      options.airports ?? TEST_AIRPORT_INDEX,
      options.config ?? DEFAULT_TRACKER_CONFIG,
    );
    state = r.state;
    for (const leg of r.legs) legs.set(leg.key, leg);
    for (const gap of r.gaps) gaps.set(gap.key, gap);
    events.push(...r.events);
    accepted.push(...r.accepted);
    for (const [reason, n] of Object.entries(r.dropped)) dropped[reason] = (dropped[reason] ?? 0) + n;
  }
  const byKey = <T extends { key: string }>(a: T, b: T): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    state,
    legs: [...legs.values()].sort(byKey),
    gaps: [...gaps.values()].sort(byKey),
    events,
    accepted,
    dropped,
  };
}

/** Latest observedAt of a list of sightings. */
export function lastTime(sightings: readonly Sighting[]): number {
  let t = -Infinity;
  for (const s of sightings) if (s.observedAt > t) t = s.observedAt;
  return t;
}

/** One call with all sightings, asOf = the last sighting plus `afterMs`. */
export function replayAll(
  sightings: readonly Sighting[],
  afterMs = 0,
  options: Parameters<typeof replay>[1] = {},
): ReplayOutcome {
  return replay([{ sightings, asOf: lastTime(sightings) + afterMs }], options);
}

/** Splits time-ordered sightings into poll-like batches of `stepMs` (asOf = end of each window). */
export function pollBatches(sightings: readonly Sighting[], stepMs: number, untilMs?: number): ReplayBatch[] {
  const sorted = [...sightings].sort((a, b) => a.observedAt - b.observedAt);
  const first = sorted[0];
  if (first === undefined) return [];
  const end = untilMs ?? lastTime(sorted);
  const batches: ReplayBatch[] = [];
  let i = 0;
  for (let asOf = first.observedAt + stepMs; ; asOf += stepMs) {
    const batch: Sighting[] = [];
    while (i < sorted.length && sorted[i]!.observedAt <= asOf) batch.push(sorted[i++]!);
    batches.push({ sightings: batch, asOf });
    if (asOf >= end) break;
  }
  return batches;
}
