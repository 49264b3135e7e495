import type { Transaction } from 'kysely';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { ProviderFailure } from '../feeds/feed-failure-reason.js';
import type { ProviderCycleStatus } from '../feeds/feed-snapshot.js';
import type { ResponseForSightings } from '../feeds/snapshot-sightings.js';
import type { GapVerdictRow } from '../store/gap-verdicts-repository.js';
import type { GapRecord } from '../tracking/gap-record.js';
import type { LegRecord } from '../tracking/leg-record.js';
import type { Sighting } from '../tracking/sighting.js';
import type { TrackEvent } from '../tracking/track-event.js';

export interface CycleError {
  path: string | null;
  purpose: MatchedBy | null;
  code: string;
  message: string;
  /** FEED_ALL_PROVIDERS_FAILED: each provider with its code and reason (see SnapshotError). */
  failures?: readonly ProviderFailure[];
}

/**
 * What one cycle brings: the responses (live or replayed; parsed into sightings by feeds/ where they
 * entered, see sightingsFromResponses) and what the fetch cost.
 */
export interface CycleInput {
  mode: 'poll' | 'replay';
  responses: readonly ResponseForSightings[];
  requests: number;
  errors: readonly CycleError[];
  /**
   * The latest data time the shell believes (a live poll: this machine's clock when the last answer
   * came): the cycle's clock is held to it, so a response ahead of it opens no gap and makes no
   * partition. Unset in a replay, whose lines are bounded where they are read (replay-clock.ts).
   */
  latestDataTimeMs?: number;
  /** How each provider fared (live polls; a replay does not know), stored in poll_cycles.providers. */
  providers?: readonly ProviderCycleStatus[];
  /** Wall-clock metadata for poll_cycles only; never used as a sighting or domain time. */
  startedAtMs: number;
  fetchMs: number | null;
}

/** What a cycle derived, handed to the cycle hooks inside its transaction. */
export interface CycleDerived {
  cycleId: string | null;
  /** Events new in this cycle, with their track_events ids. */
  newEvents: ReadonlyArray<{ id: string; event: TrackEvent }>;
  legs: readonly LegRecord[];
  gaps: readonly GapRecord[];
  /** Sightings stored this cycle (tracked and area traffic). */
  accepted: readonly Sighting[];
  legIds: ReadonlyMap<string, string>;
  gapIds: ReadonlyMap<string, string>;
  purposeOf: (hex: string) => MatchedBy;
  /** The data time of the cycle (feeds' `now`), epoch ms. */
  dataTime: number;
  /** Gaps judged this cycle (changed, or with new evidence), with their verdict and evidence. */
  gapVerdicts: readonly GapVerdictRow[];
}

/**
 * Extension points of the pipeline: `inTransaction` runs inside the cycle's transaction (e.g. to write
 * outbox rows with the events that cause them); `afterCommit` runs once it has committed (e.g. to
 * deliver them). A failing `afterCommit` is logged and never undoes the cycle.
 */
export interface CycleHooks {
  inTransaction?(trx: Transaction<Database>, derived: CycleDerived): Promise<void>;
  afterCommit?(outcome: CycleOutcome): Promise<void>;
}

export interface CycleOutcome {
  cycleId: string | null;
  status: 'ok' | 'partial' | 'failed';
  dataTime: number | null;
  sightings: number;
  positionsStored: number;
  dropped: Record<string, number>;
  /** Events that were new in this cycle (a replay of old data yields none), with their row ids. */
  newEvents: Array<{ id: string; event: TrackEvent }>;
  legsChanged: number;
  gapsChanged: number;
  /** How each feed provider fared (live polls only). */
  providers?: readonly ProviderCycleStatus[];
}
