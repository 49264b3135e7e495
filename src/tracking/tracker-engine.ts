import type { AirportIndex } from '../airports/airport.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { GapRecord } from './gap-record.js';
import { applySighting, expireTrack, expiryDue } from './leg-transitions.js';
import type { LegRecord } from './leg-record.js';
import type { Sighting } from './sighting.js';
import { checkPlausibility, isReachable, isWellFormed } from './sighting-plausibility.js';
import type { TrackEvent } from './track-event.js';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from './tracker-config.js';
import { TrackerContext } from './tracker-context.js';
import { sortInHexKeyOrder } from './hex-key-order.js';
import { copyTrack, newTrack } from './track-copy.js';
import { TrackIndex } from './track-index.js';
import type { AircraftTrack, TrackerState } from './tracker-state.js';

export interface TrackerInput {
  /** Any order; may contain duplicates and stale, out-of-order or spoofed points. */
  sightings: readonly Sighting[];
  /** Data time of this batch (the feed responses' `now`, epoch ms). Opens gaps for absent aircraft. */
  asOf: number;
}

export interface TrackerResult {
  state: TrackerState;
  /** In data-time order (ties keep the order in which the rules fired). */
  events: TrackEvent[];
  /** Every leg created or changed by this call, in its final version. */
  legs: LegRecord[];
  /** Every gap created or changed by this call, in its final version. */
  gaps: GapRecord[];
  /** Sightings that were new and plausible (to be stored), time-ordered per hex. */
  accepted: Sighting[];
  /** Reason -> count of sightings not accepted (see DropReason). */
  dropped: Record<string, number>;
}

/**
 * The pure tracking engine: (state, sightings, asOf) -> (state, events, records). It never reads the
 * clock, the network or the database, and never mutates `state` (touched aircraft are copied, the
 * others are shared with the new state, at the same position of its `aircraft` array).
 *
 * Per aircraft, sightings are sorted by their own time and each is:
 * 1. dropped as duplicate / out_of_order when not strictly newer than the last accepted one (so a
 *    replay, a clock reversal or a stale provider changes nothing);
 * 2. checked for plausibility (sighting-plausibility.ts). An implausible jump is kept aside as a
 *    re-anchor candidate. Re-anchor rule: when reanchorMinPoints consecutive rejected sightings,
 *    spanning at least reanchorMinSpanMs, are each reachable from the previous one (and none was
 *    accepted in between), the anchor was the bad point: the candidates are accepted in order and
 *    tracking continues from them. Any accepted sighting clears the candidates;
 * 3. accepted: silence-driven rules run at its time, then the sighting rules (leg-transitions.ts).
 * Finally the silence-driven rules run for every aircraft at asOf - absenceGraceMs.
 *
 * Aircraft are taken in the order they first appear in the batch; the final sweep takes them in the
 * order of a hex-keyed dictionary (hex-key-order.ts). Both orders decide the order of the records.
 */
export function advanceTracker(
  state: TrackerState,
  input: TrackerInput,
  airports: AirportIndex,
  config: TrackerConfig = DEFAULT_TRACKER_CONFIG,
): TrackerResult {
  if (state.version !== 1 || !Array.isArray(state.aircraft)) {
    const shape = Array.isArray(state.aircraft) ? '' : ' without a list of tracks';
    throw new TailwatchError(
      'TRACKER_STATE_INVALID',
      `Stored tracker state has version ${String(state.version)}${shape}; this build reads version 1. ` +
        'Clear the stored tracker state to start tracking afresh (legs and gaps already stored are kept).',
      { version: state.version },
    );
  }
  if (!Number.isFinite(input.asOf)) {
    throw new TailwatchError(
      'USAGE',
      `advanceTracker needs asOf as epoch milliseconds of data time (got ${String(input.asOf)}); ` +
        `pass the feed response's "now".`,
    );
  }
  const ctx = new TrackerContext(config, airports, input.asOf);
  const previous = state.aircraft;
  const index = TrackIndex.of(previous);
  // The new state's array: a flat copy (a memcpy), then each touched aircraft's slot gets its copy.
  const tracks = previous.slice();
  const groups = groupSightings(ctx, input, index, previous, tracks);
  const { order, firsts, multiple } = groups;
  const legsFrom = new Int32Array(order.length);
  const legsTo = new Int32Array(order.length);
  for (let g = 0; g < order.length; g++) {
    const track = tracks[order[g]!]!;
    legsFrom[g] = ctx.beginAircraft();
    const list = multiple?.get(g);
    if (list === undefined) ingest(ctx, track, firsts[g]!);
    else {
      if (!isTimeOrdered(list)) list.sort(byTime);
      for (const s of list) ingest(ctx, track, s);
    }
    legsTo[g] = ctx.legs.length;
  }
  const expiryTime = input.asOf - config.absenceGraceMs;
  const due: number[] = [];
  for (let i = 0; i < tracks.length; i++) if (expiryDue(ctx, tracks[i]!, expiryTime)) due.push(i);
  sortInHexKeyOrder(due, tracks);
  for (const i of due) {
    let track = tracks[i]!;
    const g = groups.groupOf[i]! - 1;
    if (g < 0) {
      tracks[i] = track = copyTrack(track);
      ctx.beginAircraft();
    } else ctx.beginAircraft(legsFrom[g], legsTo[g]);
    expireTrack(ctx, track, expiryTime);
  }
  index.adopt(tracks);
  return {
    state: { version: 1, aircraft: tracks },
    events: isSortedByTime(ctx.events) ? ctx.events : sortEvents(ctx.events),
    legs: ctx.legs,
    gaps: [...ctx.gaps.values()],
    accepted: ctx.accepted,
    dropped: ctx.dropped,
  };
}

interface SightingGroups {
  /** Track positions in the order their first sighting came in the batch. */
  order: number[];
  /** Each group's first sighting. */
  firsts: Sighting[];
  /** Group -> all its sightings in batch order, for the groups with more than one (most have one). */
  multiple: Map<number, Sighting[]> | null;
  /** Position -> group number + 1 (0: not in this batch). */
  groupOf: Int32Array;
}

/**
 * Groups the well-formed, not-future sightings by aircraft, in the order each aircraft first appears.
 * An aircraft's slot in `tracks` gets its copy (or, if new, a fresh track appended) on its first sighting.
 */
function groupSightings(
  ctx: TrackerContext,
  input: TrackerInput,
  index: TrackIndex,
  previous: readonly AircraftTrack[],
  tracks: AircraftTrack[],
): SightingGroups {
  const order: number[] = [];
  const firsts: Sighting[] = [];
  let multiple: Map<number, Sighting[]> | null = null;
  const groupOf = new Int32Array(previous.length + input.sightings.length);
  const latest = input.asOf + ctx.config.maxFutureMs;
  const sightings = input.sightings;
  index.beginBatch(sightings.length);
  for (let k = 0; k < sightings.length; k++) {
    const s = sightings[k]!;
    if (!isWellFormed(s)) ctx.drop('invalid');
    else if (s.observedAt > latest) ctx.drop('future');
    else {
      let i = index.find(tracks, s.hex, k);
      if (i < 0) {
        i = tracks.length;
        tracks.push(newTrack(s.hex));
        index.add(s.hex, i, k);
      } else if (groupOf[i] === 0 && i < previous.length) tracks[i] = copyTrack(previous[i]!);
      const g = groupOf[i]!;
      if (g === 0) {
        order.push(i);
        firsts.push(s);
        groupOf[i] = order.length;
      } else {
        multiple ??= new Map();
        const list = multiple.get(g - 1);
        if (list === undefined) multiple.set(g - 1, [firsts[g - 1]!, s]);
        else list.push(s);
      }
    }
  }
  return { order, firsts, multiple, groupOf };
}

function isTimeOrdered(list: readonly Sighting[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i]!.observedAt < list[i - 1]!.observedAt) return false;
  return true;
}

function byTime(a: Sighting, b: Sighting): number {
  return a.observedAt - b.observedAt;
}

function isSortedByTime(events: readonly TrackEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.at < events[i - 1]!.at) return false;
  return true;
}

/** Stable sort by `at` (ties keep rule order, e.g. gap_closed before the landing it reveals). */
function sortEvents(events: TrackEvent[]): TrackEvent[] {
  return events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.at - b.event.at || a.i - b.i)
    .map((x) => x.event);
}

function ingest(ctx: TrackerContext, track: AircraftTrack, s: Sighting): void {
  const last = track.last;
  if (last !== null) {
    if (s.observedAt <= last.t) {
      ctx.drop(s.observedAt === last.t ? 'duplicate' : 'out_of_order');
      return;
    }
    const reason = checkPlausibility(ctx, last, s);
    if (reason === 'implausible_jump') {
      holdForReanchor(ctx, track, s);
      return;
    }
    if (reason !== null) {
      ctx.drop(reason);
      return;
    }
  }
  if (track.pending.length > 0) track.pending = [];
  accept(ctx, track, s);
}

function accept(ctx: TrackerContext, track: AircraftTrack, s: Sighting): void {
  expireTrack(ctx, track, s.observedAt);
  applySighting(ctx, track, s);
  ctx.accepted.push(s);
}

function holdForReanchor(ctx: TrackerContext, track: AircraftTrack, s: Sighting): void {
  const cfg = ctx.config;
  const previous = track.pending[track.pending.length - 1];
  if (previous !== undefined && s.observedAt <= previous.observedAt) {
    ctx.drop(s.observedAt === previous.observedAt ? 'duplicate' : 'out_of_order');
    return;
  }
  // A new array, never a push: `pending` is shared with the previous state (see track-copy.ts).
  if (previous !== undefined && isReachable(ctx, previous.observedAt, previous.lat, previous.lon, s))
    track.pending = [...track.pending, s];
  else track.pending = [s];
  ctx.drop('implausible_jump');
  ctx.rejectedNow.add(s);
  const pending = track.pending;
  const first = pending[0];
  if (first === undefined || pending.length < cfg.reanchorMinPoints) return;
  if (s.observedAt - first.observedAt < cfg.reanchorMinSpanMs) return;
  track.pending = [];
  for (const p of pending) {
    if (ctx.rejectedNow.delete(p)) ctx.drop('implausible_jump', -1);
    accept(ctx, track, p);
  }
}
