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
import { upsertGaps, upsertLegs } from '../store/legs-and-gaps-repository.js';
import { coverageObservationsOf, insertCoverageObservations } from '../store/coverage-probes-repository.js';
import { type GapVerdictRow, writeGapVerdicts } from '../store/gap-verdicts-repository.js';
import { insertCycleRow } from '../store/poll-cycles-repository.js';
import { monthsNeeded } from '../store/position-months.js';
import { PositionPartitions } from '../store/position-partitions-repository.js';
import { insertPositions } from '../store/positions-repository.js';
import { FeedProviderBits } from '../store/feed-providers-repository.js';
import { insertEvents } from '../store/track-events-repository.js';
import {
  bumpTrackerStateVersion,
  loadTrackerState,
  lockTrackerStateVersion,
  readTrackerStateVersion,
  saveTrackerState,
  StaleTrackerStateError,
} from '../store/tracker-state-repository.js';
import type { TrackerState } from '../tracking/tracker-state.js';
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
  private readonly airports = new AirportIndexCache();
  private readonly partitions: PositionPartitions;
  /** Lets the positions COPY skip exact repeats of committed rows (see insertPositions). */
  private readonly storedPositions = new LastStoredPositions();
  /** positions.heard_by: the bit of each provider name. */
  private readonly providerBits = new FeedProviderBits();
  /** Lets a cycle write open legs that were only heard again with a narrow UPDATE (see upsertLegs). */
  private readonly committedLegs = new CommittedLegs();
  private watchlist: { token: string; hexes: string[]; set: ReadonlySet<string> } | null = null;
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
  }

  /** The radius, km, around a silent aircraft's expected position that its coverage probes ask about. */
  get verdictRadiusKm(): number {
    return this.verdictConfig.probeRadiusKm;
  }

  /** Forget the cached engine state (e.g. another process may have written it). */
  invalidate(): void {
    this.committedLegs.clear();
    this.state = null;
    this.stateVersion = null;
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
    const watchlist = (await this.currentWatchlist()).set;
    const airportIndex = await this.airports.get(this.db);
    const context: PrepareContext = {
      watchlist,
      airportIndex,
      watchTypes: this.config.feeds.watchTypes,
      watchedTypes: this.watchedTypes,
      maxPositionAgeS: this.config.feeds.maxPositionAgeSeconds,
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
    return trackCycle(parsed, matched, await loadTrackerState(this.db), loadedVersion, context, startedAt);
  }

  /**
   * Commits a prepared cycle in one transaction. A cycle commits only on the engine state it was
   * computed from: one prepared on a state that is not the committed one is prepared again first,
   * and one that meets a state committed by another process is rolled back and run once more.
   */
  async commit(cycle: PreparedCycle): Promise<CycleOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        const ready = attempt === 1 ? await this.onCommittedState(cycle) : await this.prepare(cycle.input);
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

  private async onCommittedState(cycle: PreparedCycle): Promise<PreparedCycle> {
    if (cycle.snapshot.asOf === null || this.basedOn(cycle) !== null) return cycle;
    this.logger.debug('the state this cycle was prepared on did not commit; preparing it again on the committed state');
    return this.prepare(cycle.input);
  }

  private async commitOnce(cycle: PreparedCycle): Promise<CycleOutcome> {
    const { snapshot, errors, dropped, purposeOf, result, positions, areaOnly } = cycle;
    if (snapshot.asOf === null) {
      const cycleId = await this.recordCycle(cycle);
      return {
        cycleId,
        status: 'failed',
        dataTime: null,
        sightings: 0,
        positionsStored: 0,
        dropped,
        newEvents: [],
        legsChanged: 0,
        gapsChanged: 0,
      };
    }
    const before = cycle.before!;
    let basedOn = this.basedOn(cycle);
    const storeStart = performance.now();
    // The months these rows fall in (and the next one) get their partitions before the transaction.
    await this.partitions.ensure(
      this.db,
      monthsNeeded(
        positions.map((s) => s.observedAt),
        snapshot.asOf,
      ),
    );
    await this.providerBits.ensure(this.db, positions);
    try {
      // One connection, one transaction: Kysely for the statements, its raw client for the COPY.
      const outcome = await clientTransaction(this.db, async (trx, client) => {
        const positionsStored = await insertPositions(
          trx,
          client,
          this.storedPositions.withoutRepeats(positions),
          purposeOf,
          this.providerBits.maskOf,
        );
        let newEvents: CycleOutcome['newEvents'] = [];
        let cycleId: string | null = null;
        if (result) {
          // One cycle commits at a time, and only on the engine state it was computed from.
          const current = await lockTrackerStateVersion(trx);
          if (current !== basedOn) throw new StaleTrackerStateError();
          basedOn = await bumpTrackerStateVersion(trx);
          const legKeys = [...result.gaps.map((g) => g.legKey), ...result.events.map((e) => e.legKey)].filter(
            (k): k is string => k !== null,
          );
          const legIds = await upsertLegs(trx, result.legs, purposeOf, legKeys, this.committedLegs);
          const gapIds = await upsertGaps(
            trx,
            result.gaps,
            legIds,
            result.events.flatMap((e) => ('gapKey' in e ? [e.gapKey] : [])),
          );
          cycleId = await insertCycleRow(
            trx,
            pollCycleRecord(cycle, { positionsStored, storeMs: performance.now() - storeStart }),
          );
          newEvents = await insertEvents(trx, result.events, legIds, gapIds, cycleId);
          const gapVerdicts = await this.judgeGaps(trx, cycle, cycleId);
          await saveTrackerState(trx, before, result.state);
          await this.hooks.inTransaction?.(trx, {
            cycleId,
            newEvents,
            legs: result.legs,
            gaps: result.gaps,
            accepted: [...result.accepted, ...areaOnly],
            legIds,
            gapIds,
            purposeOf,
            dataTime: cycle.asOf ?? snapshot.asOf ?? 0,
            gapVerdicts,
          });
        } else {
          cycleId = await insertCycleRow(
            trx,
            pollCycleRecord(cycle, { positionsStored, storeMs: performance.now() - storeStart }),
          );
        }
        return { cycleId, positionsStored, newEvents };
      });
      this.state = result ? result.state : before;
      this.stateVersion = basedOn;
      this.storedPositions.committed(positions);
      if (result) this.committedLegs.committed(result.legs);
      const status = errors.length ? 'partial' : 'ok';
      const cycleOutcome: CycleOutcome = {
        cycleId: outcome.cycleId,
        status,
        dataTime: snapshot.asOf,
        sightings: snapshot.sightings.length,
        positionsStored: outcome.positionsStored,
        dropped,
        newEvents: outcome.newEvents,
        legsChanged: result?.legs.length ?? 0,
        gapsChanged: result?.gaps.length ?? 0,
      };
      await this.hooks
        .afterCommit?.(cycleOutcome)
        .catch((error: unknown) =>
          this.logger.error({ err: error }, 'after-commit step failed; the cycle itself is committed'),
        );
      return cycleOutcome;
    } catch (error) {
      this.state = null; // the transaction rolled back: reload the committed state next time
      this.committedLegs.clear();
      this.stateVersion = null;
      throw error;
    }
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
  async currentWatchlist(): Promise<{ hexes: readonly string[]; set: ReadonlySet<string> }> {
    const token = await watchlistToken(this.db);
    if (this.watchlist?.token !== token) {
      const hexes = (await activeWatchlist(this.db)).map((a) => a.hex);
      this.watchlist = { token, hexes, set: new Set(hexes) };
    }
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
