import { setTimeout as delay, setImmediate as yieldToIo } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import { clientTransaction } from '../db/client-transaction.js';
import type { Database } from '../db/database-schema.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { WatchedArea } from '../feeds/snapshot-sightings.js';
import type { AirportIndex } from '../airports/airport.js';
import type { Logger } from '../log/create-logger.js';
import { activeWatchlist, watchlistToken } from '../store/airframes-repository.js';
import { CommittedLegs } from '../store/committed-legs.js';
import { LastStoredPositions } from '../store/last-stored-positions.js';
import { upsertGaps } from '../store/legs-and-gaps-repository.js';
import { coverageObservationsOf, insertCoverageObservations } from '../store/coverage-probes-repository.js';
import { type GapVerdictRow, writeGapVerdicts } from '../store/gap-verdicts-repository.js';
import { insertCycleRow, insertCycleRows } from '../store/poll-cycles-repository.js';
import { monthsNeeded } from '../store/position-months.js';
import { PositionPartitions } from '../store/position-partitions-repository.js';
import { insertPositions, insertPositionSegments } from '../store/positions-repository.js';
import { FeedProviderBits } from '../store/feed-providers-repository.js';
import { insertEvents } from '../store/track-events-repository.js';
import {
  advanceTrackerStateVersion,
  loadTrackerState,
  readTrackerStateVersion,
  StaleTrackerStateError,
} from '../store/tracker-state-repository.js';
import type { TrackerState } from '../tracking/tracker-state.js';
import { type CheckpointMark, type CheckpointSettings, checkpointDue, tracksNotMovedOn } from './checkpoint-policy.js';
import { writeCheckpoint, writePartialCheckpoint } from './checkpoint-writer.js';
import { AirportIndexCache } from './airport-index-cache.js';
import type { CycleHooks, CycleInput, CycleOutcome } from './cycle-types.js';
import { pollCycleRecord } from './poll-cycle-row.js';
import {
  matchCycle,
  type PrepareContext,
  type PreparedCycle,
  stateAfter,
  trackCycle,
  unusableCycle,
} from './prepared-cycle.js';
import { judgeSilences } from './gap-judging.js';
import { trackerConfigFrom, verdictConfigFrom } from './tracking-settings.js';

export type { CycleDerived, CycleError, CycleHooks, CycleInput, CycleOutcome } from './cycle-types.js';
export type { PreparedCycle } from './prepared-cycle.js';

/**
 * A cycle that meets engine state committed by another process is prepared again on it and retried, with
 * a growing, jittered pause, this many times in all: two writers at once take turns at each commit.
 */
const STALE_STATE_ATTEMPTS = 20;
const STALE_STATE_PAUSE_MS = 20;
/**
 * A replay checks the watchlist for changes at most this often (wall clock): it runs many polls a second,
 * and a live poll checks once a poll.
 */
const REPLAY_WATCHLIST_CHECK_MS = 1000;
/** A replay's full checkpoints: every 30 s of wall-clock time (and at its end, see replay-file.ts). */
const REPLAY_CHECKPOINTS: CheckpointSettings = { everyCycles: Number.POSITIVE_INFINITY, everyMs: 30_000 };

/** The circles the `/point` requests ask for, around the watched airports the airports table knows. */
function watchedAreas(index: AirportIndex, config: Readonly<TailwatchConfig>): WatchedArea[] {
  const areas: WatchedArea[] = [];
  for (const ident of config.watch.airports) {
    const airport = index.get(ident);
    if (airport) areas.push({ lat: airport.lat, lon: airport.lon, radiusNm: config.feeds.pointRadiusNm });
  }
  return areas;
}

/**
 * The one pipeline that both `poll` and `replay` run: parse -> validate -> match -> track -> persist,
 * with everything a cycle derives committed in one transaction. The engine's state is cached between
 * cycles and reloaded from the database after any failure, so a failed cycle leaves no trace in it.
 *
 * A cycle is two steps: `prepare` (database reads and pure work: validation, matching, the engine) and
 * `commit` (the transaction). `process` runs them back to back, as a live poll does. A replay may
 * prepare the next cycle on top of one whose commit is still in flight (`prepare(input, after)`);
 * `commit` then checks that the state it was computed from is the committed one, and prepares it
 * again from the committed state when not (e.g. the earlier commit hit a stale state and was redone).
 */
export class SnapshotProcessor {
  private state: TrackerState | null = null;
  /** The tracker_state version the cached state corresponds to (see store/tracker-state-repository.ts). */
  private stateVersion: string | null = null;
  /** The engine state as the last checkpoint wrote it (tracker_state), for the cached state. */
  private checkpoint: TrackerState | null = null;
  private mark: CheckpointMark = { at: null, cyclesSince: 0, since: null };
  private readonly checkpointSettings: CheckpointSettings;
  private readonly airports = new AirportIndexCache();
  private readonly partitions: PositionPartitions;
  /** Lets the positions COPY skip exact repeats of committed rows (see insertPositions). */
  private readonly storedPositions = new LastStoredPositions();
  /** positions.heard_by: the bit of each provider name. */
  private readonly providerBits = new FeedProviderBits();
  /** Lets a cycle write open legs that were only heard again with a narrow UPDATE (see upsertLegs). */
  private readonly committedLegs = new CommittedLegs();
  private watchlist: { token: string; hexes: string[]; set: ReadonlySet<string>; checkedAt: number } | null = null;
  private readonly trackerConfig;
  private readonly verdictConfig;
  private readonly watchedTypes: Set<string>;

  constructor(
    private readonly db: Kysely<Database>,
    readonly config: Readonly<TailwatchConfig>,
    private readonly logger: Logger,
    private readonly hooks: CycleHooks = {},
  ) {
    this.trackerConfig = trackerConfigFrom(config);
    this.verdictConfig = verdictConfigFrom(config);
    this.watchedTypes = new Set(config.feeds.watchTypes);
    this.partitions = new PositionPartitions(logger);
    this.checkpointSettings = {
      everyCycles: config.tracking.checkpoint.everyCycles,
      everyMs: config.tracking.checkpoint.everySeconds * 1000,
    };
  }

  /** The radius, km, around a silent aircraft's expected position that its coverage probes ask about. */
  get verdictRadiusKm(): number {
    return this.verdictConfig.probeRadiusKm;
  }

  /** Forget the cached engine state (e.g. another process may have written it). */
  invalidate(): void {
    this.forgetState();
  }

  private forgetState(): void {
    this.committedLegs.clear();
    this.state = null;
    this.stateVersion = null;
    this.checkpoint = null;
    this.mark = { at: null, cyclesSince: 0, since: null };
  }

  async process(input: CycleInput): Promise<CycleOutcome> {
    return this.commit(await this.prepare(input));
  }

  /**
   * Everything a cycle derives before its transaction. With `after`, the cycle is computed on the
   * state `after` leaves behind, before `after` has committed (a replay's pipelining); without it, on
   * the committed state (cached, or read from the database).
   */
  async prepare(input: CycleInput, after?: PreparedCycle): Promise<PreparedCycle> {
    const startedAt = performance.now();
    const watchlist = (await this.currentWatchlist(input.mode === 'replay' ? REPLAY_WATCHLIST_CHECK_MS : 0)).set;
    const airportIndex = await this.airports.get(this.db);
    const context: PrepareContext = {
      watchlist,
      airportIndex,
      watchTypes: this.config.feeds.watchTypes,
      watchedTypes: this.watchedTypes,
      maxPositionAgeS: this.config.feeds.maxPositionAgeSeconds,
      maxTypeAircraft: this.config.feeds.maxTypeAircraftPerCycle,
      areas: watchedAreas(airportIndex, this.config),
      trackerConfig: this.trackerConfig,
      verdictConfig: this.verdictConfig,
    };
    const matched = matchCycle(input, context);
    // The input with its bodies parsed once, by matching (the coverage evidence reads the same rows).
    const parsed = matched.input;
    const basis = after ? stateAfter(after) : this.state;
    if (matched.snapshot.asOf === null) return unusableCycle(parsed, matched, basis, context, startedAt);
    // Let pending I/O callbacks run (e.g. the replies of a commit in flight), so that a long stretch of
    // validation and tracking does not hold up the database round trips it could overlap with.
    await yieldToIo();
    if (basis !== null) return trackCycle(parsed, matched, basis, null, context, startedAt);
    const loadedVersion = await readTrackerStateVersion(this.db);
    const loaded = await loadTrackerState(this.db);
    if (loaded.positionsReplayed)
      this.logger.info(
        { positions: loaded.positionsReplayed, checkpointAt: loaded.checkpointAt },
        'engine state rebuilt from the last checkpoint and the positions stored since',
      );
    const cycle = trackCycle(parsed, matched, loaded.state, loadedVersion, context, startedAt);
    cycle.loaded = loaded;
    return cycle;
  }

  /**
   * Commits a prepared cycle in one transaction. A cycle commits only on the engine state it was
   * computed from: one prepared on a state that is not the committed one is prepared again first,
   * and one that meets a state committed by another process is rolled back and run once more.
   */
  async commit(cycle: PreparedCycle): Promise<CycleOutcome> {
    return (await this.commitGroup([cycle]))[0]!;
  }

  /**
   * Commits prepared cycles in one transaction, in order: all or none (a replay's group commit, see
   * replay-pipeline.ts). Each cycle was prepared on the one before it, the first on the committed state;
   * when that is no longer so, they are prepared again, in order, on the committed state.
   */
  async commitGroup(cycles: readonly PreparedCycle[]): Promise<CycleOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const ready = attempt === 1 ? await this.onCommittedState(cycles) : await this.prepareChain(cycles);
        return await this.commitOnce(ready);
      } catch (error) {
        // Another process (a replay, `poll --once`, a former leader) committed engine state since ours was
        // loaded: the attempt was rolled back; wait a moment and run it again on the committed state.
        if (!(error instanceof StaleTrackerStateError)) throw error;
        if (attempt >= STALE_STATE_ATTEMPTS)
          throw new TailwatchError(
            'TRACKER_STATE_BUSY',
            `Another process (a replay, \`poll --once\` or a worker) committed engine state ${attempt} times ` +
              `while this cycle was being written, so it stopped before writing it; everything it committed ` +
              `before stays. Run replays and \`poll --once\` one at a time (a running worker's cycles are fine ` +
              `beside one), then run it again: what is already stored is not doubled.`,
            { attempts: attempt },
            { cause: error },
          );
        this.logger.info(
          { attempt },
          'engine state was changed by another process; reloading it and running the cycle again',
        );
        await delay(STALE_STATE_PAUSE_MS * attempt * (0.5 + Math.random()));
      }
    }
  }

  /** The version the cycle's basis was committed as, or null when it must be prepared again. */
  private basedOn(cycle: PreparedCycle): string | null {
    if (this.state !== null) return cycle.before === this.state ? this.stateVersion : null;
    return cycle.loadedVersion;
  }

  /** The cycles, or the cycles prepared again when the first that tracks was not prepared on the committed state. */
  private async onCommittedState(cycles: readonly PreparedCycle[]): Promise<readonly PreparedCycle[]> {
    const first = cycles.find((c) => c.snapshot.asOf !== null);
    if (first === undefined || this.basedOn(first) !== null) return cycles;
    this.logger.debug('the state this cycle was prepared on did not commit; preparing it again on the committed state');
    return this.prepareChain(cycles);
  }

  private async prepareChain(cycles: readonly PreparedCycle[]): Promise<PreparedCycle[]> {
    const ready: PreparedCycle[] = [];
    for (const cycle of cycles) ready.push(await this.prepare(cycle.input, ready[ready.length - 1]));
    return ready;
  }

  private async commitOnce(cycles: readonly PreparedCycle[]): Promise<CycleOutcome[]> {
    const first = cycles.find((c) => c.snapshot.asOf !== null);
    if (cycles.length === 1 && first === undefined) return [await this.recordUnusable(cycles[0]!)];
    let basedOn = first ? this.basedOn(first) : this.stateVersion;
    // The checkpoint the group's state is built on: the one loaded with its first cycle, or the cached one.
    let checkpoint = first?.loaded ? first.loaded.checkpoint : this.checkpoint;
    let mark: CheckpointMark = first?.loaded
      ? {
          at: first.loaded.checkpointAt,
          cyclesSince: 0,
          // A replay counts its interval on the wall clock, from its own first checkpoint.
          since: first.input.mode === 'replay' ? null : first.loaded.checkpointAt,
        }
      : this.mark;
    // The months these rows fall in (and the next one) get their partitions before the transaction.
    for (const cycle of cycles)
      if (cycle.snapshot.asOf !== null)
        await this.partitions.ensure(
          this.db,
          monthsNeeded(
            cycle.positions.map((s) => s.observedAt),
            cycle.snapshot.asOf,
          ),
        );
    await this.providerBits.ensure(
      this.db,
      cycles.flatMap((c) => c.positions),
    );
    try {
      // One connection, one transaction: Kysely for the statements, its raw client for the COPY.
      const written = await clientTransaction(this.db, async (trx, client) => {
        const storeStart = performance.now();
        // One group commits at a time, and only on the engine state it was computed from. Checked (and the
        // version stamp moved on) first, so that the statements after the COPY are few.
        const tracking = cycles.some((c) => c.snapshot.asOf !== null && c.result !== null);
        if (tracking) {
          const next = await advanceTrackerStateVersion(trx, basedOn);
          if (next === null) throw new StaleTrackerStateError();
          basedOn = next;
        }
        // Each cycle's rows that are not repeats of rows stored before, the group's earlier cycles included
        // (forgotten if the transaction rolls back).
        const toStore = cycles.map((cycle) => {
          if (cycle.snapshot.asOf === null) return [];
          const rows = this.storedPositions.withoutRepeats(cycle.positions);
          this.storedPositions.committed(cycle.positions);
          return rows;
        });
        const segments = cycles.map((cycle, i) => ({ sightings: toStore[i]!, matchedBy: cycle.purposeOf }));
        const copied = await insertPositionSegments(trx, client, segments, this.providerBits.maskOf);
        const stored: number[] = [];
        if (copied !== null) stored.push(...toStore.map((rows) => rows.length));
        else
          for (const segment of segments)
            stored.push(
              await insertPositions(trx, client, segment.sightings, segment.matchedBy, this.providerBits.maskOf),
            );
        const storeMs = performance.now() - storeStart;
        const cycleIds = await insertCycleRows(
          trx,
          cycles.map((cycle, i) =>
            pollCycleRecord(cycle, cycle.snapshot.asOf === null ? null : { positionsStored: stored[i]!, storeMs }),
          ),
        );
        const rows: { cycleId: string | null; positionsStored: number; newEvents: CycleOutcome['newEvents'] }[] = [];
        for (const [i, cycle] of cycles.entries()) {
          const { result, positions, purposeOf } = cycle;
          const cycleId = cycleIds[i]!;
          const positionsStored = stored[i]!;
          if (cycle.snapshot.asOf === null || !result) {
            rows.push({ cycleId, positionsStored, newEvents: [] });
            continue;
          }
          // The log misses an accepted row when one was skipped as already stored (e.g. stored before as area).
          const logComplete = toStore[i]!.length === positions.length && positionsStored === toStore[i]!.length;
          const notMovedOn = tracksNotMovedOn(cycle.before!, result);
          const clock = this.checkpointClock(cycle);
          const due = checkpointDue(mark, clock, notMovedOn.length, logComplete, this.checkpointSettingsOf(cycle));
          const legKeys = [...result.gaps.map((g) => g.legKey), ...result.events.map((e) => e.legKey)].filter(
            (k): k is string => k !== null,
          );
          const write = {
            checkpoint: checkpoint!,
            state: result.state,
            cycleLegs: result.legs,
            legKeys,
            matchedBy: purposeOf,
            committedLegs: this.committedLegs,
          };
          let legIds = new Map<string, string>();
          if (due === 'full') {
            legIds = await writeCheckpoint(trx, { ...write, at: cycle.asOf! });
            this.committedLegs.committed(result.legs);
            checkpoint = result.state;
            mark = { at: cycle.asOf, cyclesSince: 0, since: clock };
          } else {
            if (due === 'partial') {
              const partial = await writePartialCheckpoint(trx, { ...write, indices: notMovedOn });
              legIds = partial.legIds;
              this.committedLegs.committed(partial.legs);
              checkpoint = partial.checkpoint;
            }
            mark = { ...mark, cyclesSince: mark.cyclesSince + 1 };
          }
          const gapIds = await upsertGaps(
            trx,
            result.gaps,
            legIds,
            result.events.flatMap((e) => ('gapKey' in e ? [e.gapKey] : [])),
          );
          const newEvents = await insertEvents(trx, result.events, legIds, gapIds, cycleId);
          const gapVerdicts = await this.judgeGaps(trx, cycle, cycleId);
          await this.hooks.inTransaction?.(trx, {
            cycleId,
            newEvents,
            legs: result.legs,
            gaps: result.gaps,
            accepted: [...result.accepted, ...cycle.areaOnly],
            legIds,
            gapIds,
            purposeOf,
            dataTime: cycle.asOf ?? cycle.snapshot.asOf,
            gapVerdicts,
          });
          rows.push({ cycleId, positionsStored, newEvents });
        }
        return rows;
      });
      const last = cycles[cycles.length - 1]!;
      this.state = stateAfter(last);
      this.stateVersion = basedOn;
      this.checkpoint = checkpoint;
      this.mark = mark;
      const outcomes = cycles.map((cycle, i) => this.outcomeOf(cycle, written[i]!));
      for (const outcome of outcomes)
        await this.hooks
          .afterCommit?.(outcome)
          .catch((error: unknown) =>
            this.logger.error({ err: error }, 'after-commit step failed; the cycle itself is committed'),
          );
      return outcomes;
    } catch (error) {
      this.forgetState(); // the transaction rolled back: reload the committed state next time
      this.storedPositions.clear();
      throw error;
    }
  }

  private outcomeOf(
    cycle: PreparedCycle,
    row: { cycleId: string | null; positionsStored: number; newEvents: CycleOutcome['newEvents'] },
  ): CycleOutcome {
    const { snapshot, result } = cycle;
    return {
      cycleId: row.cycleId,
      status: snapshot.asOf === null ? 'failed' : cycle.errors.length ? 'partial' : 'ok',
      dataTime: snapshot.asOf,
      sightings: snapshot.asOf === null ? 0 : snapshot.sightings.length,
      positionsStored: row.positionsStored,
      dropped: cycle.dropped,
      newEvents: row.newEvents,
      legsChanged: result?.legs.length ?? 0,
      gapsChanged: result?.gaps.length ?? 0,
    };
  }

  /** A cycle with no usable response: recorded outside any data transaction; nothing else changes. */
  private async recordUnusable(cycle: PreparedCycle): Promise<CycleOutcome> {
    return this.outcomeOf(cycle, { cycleId: await this.recordCycle(cycle), positionsStored: 0, newEvents: [] });
  }

  /**
   * The clock checkpoint intervals are counted on: a live cycle's data time; a replay's wall clock (it
   * goes through hours of data in seconds, and writing every track each 300 s of its data would cost
   * more than its positions; it checkpoints at its end).
   */
  private checkpointClock(cycle: PreparedCycle): number {
    return cycle.input.mode === 'replay' ? Date.now() : cycle.asOf!;
  }

  private checkpointSettingsOf(cycle: PreparedCycle): CheckpointSettings {
    return cycle.input.mode === 'replay' ? REPLAY_CHECKPOINTS : this.checkpointSettings;
  }

  /**
   * Writes a checkpoint of the cached engine state now (the end of a replay or of \`poll --once\`), so that
   * the legs table is current. Does nothing when nothing changed since the last one, or when another
   * process has committed engine state since (its own checkpoints cover the log).
   */
  async checkpointNow(): Promise<void> {
    const state = this.state;
    const checkpoint = this.checkpoint;
    if (state === null || checkpoint === null || state === checkpoint || this.mark.at === null) return;
    const at = this.mark.at;
    let version: string | null = null;
    await clientTransaction(this.db, async (trx) => {
      version = await advanceTrackerStateVersion(trx, this.stateVersion);
      if (version === null) return;
      await writeCheckpoint(trx, { checkpoint, state, at, cycleLegs: [], legKeys: [], matchedBy: () => 'area' });
    });
    if (version === null) return this.forgetState();
    this.stateVersion = version;
    this.checkpoint = state;
    this.mark = { ...this.mark, at, cyclesSince: 0 };
  }

  /**
   * Stores the cycle's coverage observations and writes the verdict of every gap that changed or got new
   * evidence, from all the observations of its silence (docs/tracking.md#gap-verdicts).
   */
  private async judgeGaps(
    trx: Parameters<typeof insertCoverageObservations>[0],
    cycle: PreparedCycle,
    cycleId: string | null,
  ): Promise<GapVerdictRow[]> {
    const observations = cycle.coverage?.observations ?? [];
    await insertCoverageObservations(trx, observations, cycleId);
    const keys = new Set([...(cycle.result?.gaps ?? []).map((g) => g.key), ...observations.map((o) => o.gapKey)]);
    if (!keys.size) return [];
    const stored = await coverageObservationsOf(trx, [...keys]);
    return writeGapVerdicts(trx, judgeSilences(keys, stored, this.verdictConfig));
  }

  /**
   * The active watchlist, read again only when it changed: every insert, update and delete of airframes
   * leaves a row in airframe_changes (audit trigger), so the newest change id is the token; the table's
   * file node joins it because TRUNCATE fires no row trigger but always gives the table a new one. Both
   * are index or catalogue look-ups: the check costs the same for 17 or 17,000 airframes (the active
   * count it replaced was 7 ms a cycle at 17,000). Re-reading the whole list cost more than the rest of
   * a replayed cycle (docs/performance.md).
   */
  async currentWatchlist(maxAgeMs = 0): Promise<{ hexes: readonly string[]; set: ReadonlySet<string> }> {
    if (this.watchlist !== null && maxAgeMs > 0 && performance.now() - this.watchlist.checkedAt < maxAgeMs)
      return this.watchlist;
    const token = await watchlistToken(this.db);
    if (this.watchlist?.token !== token) {
      const hexes = (await activeWatchlist(this.db)).map((a) => a.hex);
      this.watchlist = { token, hexes, set: new Set(hexes), checkedAt: performance.now() };
    }
    this.watchlist.checkedAt = performance.now();
    return this.watchlist;
  }

  /** Records a cycle that stored nothing (no usable response), outside any data transaction. */
  private async recordCycle(cycle: PreparedCycle): Promise<string | null> {
    try {
      return await insertCycleRow(this.db, pollCycleRecord(cycle, null));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record the failed cycle');
      return null;
    }
  }
}
