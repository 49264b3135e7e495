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

/** What the processor knows about the last checkpoint. */
export interface CheckpointMark {
  /** Data time of the last checkpoint (epoch ms), null before the first. */
  at: number | null;
  /** Cycles committed since it by this process. */
  cyclesSince: number;
}

/**
 * True when the engine did nothing in this cycle but move tracks on: no event, no gap, no new aircraft,
 * and every track it touched is its previous version moved on along its accepted sightings.
 */
export function onlyMovedOn(before: TrackerState, result: TrackerResult): boolean {
  if (result.events.length || result.gaps.length) return false;
  const previous = before.aircraft;
  const next = result.state.aircraft;
  if (next.length !== previous.length) return false;
  let acceptedByHex: Map<string, Sighting[]> | null = null;
  for (let i = 0; i < next.length; i++) {
    const track = next[i]!;
    const was = previous[i]!;
    if (track === was) continue;
    acceptedByHex ??= groupByHex(result.accepted);
    if (!isLogAdvance(was, track, acceptedByHex.get(track.hex) ?? [])) return false;
  }
  return true;
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
 * Whether this cycle writes a checkpoint: when it did more than move tracks on, when some accepted row
 * was not stored as sent (the log would then miss it), and otherwise every `everyCycles` cycles or
 * `everyMs` of data time.
 */
export function checkpointDue(
  mark: CheckpointMark,
  asOf: number,
  movedOnOnly: boolean,
  logComplete: boolean,
  settings: CheckpointSettings,
): boolean {
  if (!movedOnOnly || !logComplete || mark.at === null) return true;
  return mark.cyclesSince + 1 >= settings.everyCycles || asOf - mark.at >= settings.everyMs;
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
