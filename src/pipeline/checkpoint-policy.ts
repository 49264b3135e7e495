import type { LegRecord } from '../tracking/leg-record.js';
import { isLogAdvance } from '../tracking/log-advance.js';
import type { Sighting } from '../tracking/sighting.js';
import type { TrackerResult } from '../tracking/tracker-engine.js';
import type { AircraftTrack, TrackerState } from '../tracking/tracker-state.js';

/*
 * When a cycle writes the engine state (docs/architecture.md#positions-are-the-log). Positions are the
 * log; tracker_state is a checkpoint of the engine state, and legs' lastSeenAt and callsign of open legs
 * are written with it. A cycle that only moved tracks on (tracking/log-advance.ts) writes its positions
 * and nothing else; the state it leaves is the checkpoint moved on along the stored positions, which is
 * what a process rebuilds when it loads the state (store/tracker-state-repository.ts).
 */

export interface CheckpointSettings {
  everyCycles: number;
  everyMs: number;
}

/** What the processor knows about the last full checkpoint. */
export interface CheckpointMark {
  /** Data time of the last full checkpoint (epoch ms), null before the first. */
  at: number | null;
  /** Cycles committed since it by this process. */
  cyclesSince: number;
  /** The clock the interval is counted on (data time; a replay's wall clock) at that checkpoint; null: none yet. */
  since: number | null;
}

/**
 * The tracks (positions in the new state's array) the engine did more with than move them on: a leg
 * opened, landed or lost, a gap, a liftoff, a re-anchor, a new type, an aircraft new to the state, or an
 * event. Empty when the cycle only moved tracks on.
 */
export function tracksNotMovedOn(before: TrackerState, result: TrackerResult): number[] {
  const previous = before.aircraft;
  const next = result.state.aircraft;
  const flagged = new Set([...result.events.map((e) => e.hex), ...result.gaps.map((g) => g.hex)]);
  let acceptedByHex: Map<string, Sighting[]> | null = null;
  const out: number[] = [];
  for (let i = 0; i < next.length; i++) {
    const track = next[i]!;
    const was = previous[i];
    if (track === was && !flagged.has(track.hex)) continue;
    acceptedByHex ??= groupByHex(result.accepted);
    if (flagged.has(track.hex) || !isLogAdvance(was, track, acceptedByHex.get(track.hex) ?? [])) out.push(i);
  }
  return out;
}

function groupByHex(sightings: readonly Sighting[]): Map<string, Sighting[]> {
  const byHex = new Map<string, Sighting[]>();
  for (const s of sightings) {
    const list = byHex.get(s.hex);
    if (list === undefined) byHex.set(s.hex, [s]);
    else list.push(s);
  }
  return byHex;
}

/**
 * What this cycle writes of the engine state. `full`: every track changed since the last checkpoint,
 * the first time, every `everyCycles` cycles or `everyMs` of data time (a replay: of the wall clock, see
 * SnapshotProcessor), and when some accepted row was not stored as sent (the log would miss it).
 * `partial`: the tracks the engine did more with than move them on, and their legs (each tracker_state
 * row is its own track's checkpoint). `none`: only positions.
 */
export function checkpointDue(
  mark: CheckpointMark,
  now: number,
  notMovedOn: number,
  logComplete: boolean,
  settings: CheckpointSettings,
): 'full' | 'partial' | 'none' {
  if (!logComplete || mark.since === null) return 'full';
  if (mark.cyclesSince + 1 >= settings.everyCycles || now - mark.since >= settings.everyMs) return 'full';
  return notMovedOn > 0 ? 'partial' : 'none';
}

/**
 * The open legs the checkpoint writes besides the cycle's own: legs that moved on (lastSeenAt, callsign)
 * since the last checkpoint and that the cycle did not write itself.
 */
export function legsMovedOnSince(
  checkpoint: TrackerState,
  changed: readonly AircraftTrack[],
  cycleLegs: readonly LegRecord[],
): LegRecord[] {
  const written = new Set(cycleLegs.map((l) => l.key));
  let before: Map<string, AircraftTrack> | null = null;
  const legs: LegRecord[] = [];
  for (const track of changed) {
    const leg = track.leg;
    if (leg === null || written.has(leg.key)) continue;
    before ??= new Map(checkpoint.aircraft.map((t) => [t.hex, t]));
    const was = before.get(track.hex)?.leg ?? null;
    if (was !== null && was.key === leg.key && was.lastSeenAt === leg.lastSeenAt && was.callsign === leg.callsign)
      continue;
    legs.push(leg);
  }
  return legs;
}
