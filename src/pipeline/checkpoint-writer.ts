import type { Transaction } from 'kysely';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { CommittedLegs } from '../store/committed-legs.js';
import { advanceLegs, upsertLegs } from '../store/legs-and-gaps-repository.js';
import { changedTracks, markCheckpoint, saveTrackerState, saveTracks } from '../store/tracker-state-repository.js';
import type { LegRecord } from '../tracking/leg-record.js';
import type { TrackerState } from '../tracking/tracker-state.js';
import { legsMovedOnSince } from './checkpoint-policy.js';

/** What a checkpoint writes: the state it replaces, the state now, and the legs of the cycle that writes it. */
export interface CheckpointWrite {
  checkpoint: TrackerState;
  state: TrackerState;
  /** Data time of the checkpoint (epoch ms). */
  at: number;
  /** The cycle's own legs (written whole or, when only their progress changed, narrowly). */
  cycleLegs: readonly LegRecord[];
  /** Leg keys the cycle's gaps and events refer to, whose ids are wanted. */
  legKeys: readonly string[];
  matchedBy: (hex: string) => MatchedBy;
  committedLegs?: CommittedLegs;
}

/**
 * A checkpoint, in the caller's transaction (docs/architecture.md#positions-are-the-log): the cycle's
 * legs, the open legs that moved on since the last checkpoint (their lastSeenAt and callsign), every
 * track that changed since it, and the checkpoint's data time. Returns key -> id of the legs written
 * and of `legKeys`.
 */
export async function writeCheckpoint(
  trx: Transaction<Database>,
  write: CheckpointWrite,
): Promise<Map<string, string>> {
  const { changed } = changedTracks(write.checkpoint, write.state);
  const notFound = await advanceLegs(trx, legsMovedOnSince(write.checkpoint, changed, write.cycleLegs));
  const legIds = await upsertLegs(
    trx,
    [...write.cycleLegs, ...notFound],
    write.matchedBy,
    write.legKeys,
    write.committedLegs,
  );
  await saveTrackerState(trx, write.checkpoint, write.state);
  await markCheckpoint(trx, write.at);
  return legIds;
}

/** A partial checkpoint: the tracks at `indices` of the state, and only their legs. */
export interface PartialCheckpointWrite extends Omit<CheckpointWrite, 'at'> {
  indices: readonly number[];
}

/**
 * A partial checkpoint, in the caller's transaction: the tracks the engine did more with than move them
 * on (and any track new since the checkpoint), their legs of the cycle and their open legs' progress since
 * the last checkpoint. Each tracker_state row is its own track's checkpoint (the log moves each on from its
 * own last point), so the other tracks stay as they are. Returns the leg ids, the legs written and the
 * checkpoint as it now stands.
 */
export async function writePartialCheckpoint(
  trx: Transaction<Database>,
  write: PartialCheckpointWrite,
): Promise<{ legIds: Map<string, string>; legs: LegRecord[]; checkpoint: TrackerState }> {
  const stored = write.checkpoint.aircraft;
  const next = write.state.aircraft;
  const chosen = new Set(write.indices);
  for (let i = stored.length; i < next.length; i++) chosen.add(i);
  const tracks = [...chosen].map((i) => next[i]!);
  const hexes = new Set(tracks.map((t) => t.hex));
  const cycleLegs = write.cycleLegs.filter((l) => hexes.has(l.hex));
  const notFound = await advanceLegs(trx, legsMovedOnSince(write.checkpoint, tracks, cycleLegs));
  const legs = [...cycleLegs, ...notFound];
  const legIds = await upsertLegs(trx, legs, write.matchedBy, write.legKeys, write.committedLegs);
  await saveTracks(trx, tracks);
  return { legIds, legs, checkpoint: { version: 1, aircraft: next.map((t, i) => (chosen.has(i) ? t : stored[i]!)) } };
}
