import { type Kysely, sql, type Transaction } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import { clientTransaction } from '../db/client-transaction.js';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { FeedPurpose } from '../feeds/feed-purpose.js';
import { type ResponseForSightings, sightingsFromResponses, type WatchedArea } from '../feeds/snapshot-sightings.js';
import type { AirportIndex } from '../airports/airport.js';
import type { Logger } from '../log/create-logger.js';
import type { GapRecord } from '../tracking/gap-record.js';
import type { LegRecord } from '../tracking/leg-record.js';
import type { Sighting } from '../tracking/sighting.js';
import type { TrackEvent } from '../tracking/track-event.js';
import { advanceTracker } from '../tracking/tracker-engine.js';
import type { TrackerState } from '../tracking/tracker-state.js';
import { activeWatchlist } from '../watchlist/airframe-repository.js';
import { AirportIndexCache } from './airport-index-cache.js';
import { insertEvents, insertPositions, upsertGaps, upsertLegs } from './cycle-store.js';
import { LastStoredPositions } from './last-stored-positions.js';
import { monthsNeeded } from './position-months.js';
import { PositionPartitions } from './position-partitions.js';
import { loadTrackerState, saveTrackerState } from './tracker-state-repository.js';
import { bumpTrackerStateVersion, lockTrackerStateVersion, readTrackerStateVersion, StaleTrackerStateError } from './tracker-state-version.js';
import { trackerConfigFrom } from './tracking-settings.js';

export interface CycleError {
  path: string | null;
  purpose: FeedPurpose | null;
  code: string;
  message: string;
}

/** What one cycle brings: the responses (live or replayed) and what the fetch cost. */
export interface CycleInput {
  mode: 'poll' | 'replay';
  responses: readonly ResponseForSightings[];
  requests: number;
  errors: readonly CycleError[];
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
}

/** The circles the `/point` requests ask for, around the watched airports the airports table knows. */
function watchedAreas(index: AirportIndex, config: Readonly<TailwatchConfig>): WatchedArea[] {
  const areas: WatchedArea[] = [];
  for (const ident of config.watch.airports) {
    const airport = index.get(ident);
    if (airport) areas.push({ lat: airport.lat, lon: airport.lon, radiusNm: config.feeds.pointRadiusNm });
  }
  return areas;
}

function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

/**
 * The one pipeline that both `poll` and `replay` run: parse -> validate -> match -> track -> persist,
 * with everything a cycle derives committed in one transaction. The engine's state is cached between
 * cycles and reloaded from the database after any failure, so a failed cycle leaves no trace in it.
 */
export class SnapshotProcessor {
  private state: TrackerState | null = null;
  /** The tracker_state version the cached state corresponds to (see tracker-state-version.ts). */
  private stateVersion: string | null = null;
  private readonly airports = new AirportIndexCache();
  private readonly partitions: PositionPartitions;
  /** Lets the positions COPY skip exact repeats of committed rows (see insertPositions). */
  private readonly storedPositions = new LastStoredPositions();
  private watchlist: { token: string; hexes: string[]; set: ReadonlySet<string> } | null = null;
  private readonly trackerConfig;
  private readonly watchedTypes: Set<string>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Readonly<TailwatchConfig>,
    private readonly logger: Logger,
    private readonly hooks: CycleHooks = {},
  ) {
    this.trackerConfig = trackerConfigFrom(config);
    this.watchedTypes = new Set(config.feeds.watchTypes);
    this.partitions = new PositionPartitions(logger);
  }

  /** Forget the cached engine state (e.g. another process may have written it). */
  invalidate(): void {
    this.state = null;
    this.stateVersion = null;
  }

  async process(input: CycleInput): Promise<CycleOutcome> {
    try {
      return await this.processOnce(input);
    } catch (error) {
      // Another process (a replay, `poll --once`, a former leader) committed engine state since ours was
      // loaded: the attempt was rolled back; run it again once on the committed state.
      if (!(error instanceof StaleTrackerStateError)) throw error;
      this.logger.info('engine state was changed by another process; reloading it and running the cycle again');
      return this.processOnce(input);
    }
  }

  private async processOnce(input: CycleInput): Promise<CycleOutcome> {
    const processStart = performance.now();
    const watchlist = (await this.currentWatchlist()).set;
    const airportIndex = await this.airports.get(this.db);
    const snapshot = sightingsFromResponses(input.responses, {
      watchlistHexes: watchlist,
      watchedTypes: this.config.feeds.watchTypes,
      maxPositionAgeS: this.config.feeds.maxPositionAgeSeconds,
      areas: watchedAreas(airportIndex, this.config),
    });
    const watchlistSize = watchlist.size;
    const errors: CycleError[] = [...input.errors, ...snapshot.rejected.map((r) => ({ path: r.path, purpose: null, code: 'FEED_BAD_RESPONSE', message: r.message }))];
    const dropped: Record<string, number> = { ...snapshot.dropped };
    if (snapshot.ignored > 0) dropped.unwatched = snapshot.ignored;
    const purposeOf = (hex: string): MatchedBy => snapshot.purposeByHex.get(hex) ?? 'area';

    if (snapshot.asOf === null) {
      // No usable response: nothing is known, so nothing may be inferred from absence.
      const cycleId = await this.recordCycle(input, { status: 'failed', dataTime: null, sightings: 0, positionsStored: 0, dropped, events: 0, legs: 0, gaps: 0, errors, processMs: performance.now() - processStart, storeMs: 0, watchlistSize });
      return { cycleId, status: 'failed', dataTime: null, sightings: 0, positionsStored: 0, dropped, newEvents: [], legsChanged: 0, gapsChanged: 0 };
    }

    // Aircraft on the list or of a watched type are tracked; area traffic is only stored.
    const tracked: Sighting[] = [];
    const areaOnly: Sighting[] = [];
    for (const s of snapshot.sightings) {
      const purpose = purposeOf(s.hex);
      if (purpose === 'watchlist' || purpose === 'type' || (s.typeCode !== null && this.watchedTypes.has(s.typeCode))) tracked.push(s);
      else areaOnly.push(s);
    }
    // When a watchlist request failed, absent airframes may just be unasked: only the data's own
    // latest time may advance the clock, so no gap is opened for lack of an answer.
    const watchlistFailed = errors.some((e) => e.purpose === 'watchlist' || e.purpose === null);
    const latestSighting = snapshot.sightings.reduce((max, s) => Math.max(max, s.observedAt), Number.NEGATIVE_INFINITY);
    const asOf = watchlistFailed ? (Number.isFinite(latestSighting) ? Math.min(latestSighting, snapshot.asOf) : null) : snapshot.asOf;

    let basedOn = this.stateVersion;
    if (this.state === null) basedOn = await readTrackerStateVersion(this.db);
    const before = this.state ?? (await loadTrackerState(this.db));
    const result = asOf === null ? null : advanceTracker(before, { sightings: tracked, asOf }, airportIndex, this.trackerConfig);
    if (result) addInto(dropped, result.dropped);
    const processMs = performance.now() - processStart;

    const storeStart = performance.now();
    // The months these rows fall in (and the next one) get their partitions before the transaction.
    const positions = [...(result?.accepted ?? []), ...areaOnly];
    await this.partitions.ensure(this.db, monthsNeeded(positions.map((s) => s.observedAt), snapshot.asOf));
    try {
      // One connection, one transaction: Kysely for the statements, its raw client for the COPY.
      const outcome = await clientTransaction(this.db, async (trx, client) => {
        const positionsStored = await insertPositions(trx, client, this.storedPositions.withoutRepeats(positions), purposeOf);
        let newEvents: CycleOutcome['newEvents'] = [];
        let cycleId: string | null = null;
        if (result) {
          // One cycle commits at a time, and only on the engine state it was computed from.
          const current = await lockTrackerStateVersion(trx);
          if (current !== basedOn) throw new StaleTrackerStateError();
          basedOn = await bumpTrackerStateVersion(trx);
          const legIds = await upsertLegs(trx, result.legs, purposeOf, [...result.gaps.map((g) => g.legKey), ...result.events.map((e) => e.legKey)].filter((k): k is string => k !== null));
          const gapIds = await upsertGaps(trx, result.gaps, legIds, result.events.flatMap((e) => ('gapKey' in e ? [e.gapKey] : [])));
          cycleId = await this.insertCycleRow(trx, input, {
            status: errors.length ? 'partial' : 'ok', dataTime: snapshot.asOf, sightings: snapshot.sightings.length, positionsStored, dropped,
            events: result.events.length, legs: result.legs.length, gaps: result.gaps.length, errors, processMs, storeMs: performance.now() - storeStart, watchlistSize,
          });
          newEvents = await insertEvents(trx, result.events, legIds, gapIds, cycleId);
          await saveTrackerState(trx, before, result.state);
          await this.hooks.inTransaction?.(trx, {
            cycleId, newEvents, legs: result.legs, gaps: result.gaps, accepted: [...result.accepted, ...areaOnly], legIds, gapIds, purposeOf, dataTime: asOf ?? snapshot.asOf ?? 0,
          });
        } else {
          cycleId = await this.insertCycleRow(trx, input, {
            status: 'partial', dataTime: snapshot.asOf, sightings: snapshot.sightings.length, positionsStored, dropped, events: 0, legs: 0, gaps: 0, errors, processMs, storeMs: performance.now() - storeStart, watchlistSize,
          });
        }
        return { cycleId, positionsStored, newEvents };
      });
      this.state = result ? result.state : before;
      this.stateVersion = basedOn;
      this.storedPositions.committed(positions);
      const status = errors.length ? 'partial' : 'ok';
      const cycleOutcome: CycleOutcome = {
        cycleId: outcome.cycleId, status, dataTime: snapshot.asOf, sightings: snapshot.sightings.length, positionsStored: outcome.positionsStored,
        dropped, newEvents: outcome.newEvents, legsChanged: result?.legs.length ?? 0, gapsChanged: result?.gaps.length ?? 0,
      };
      await this.hooks.afterCommit?.(cycleOutcome).catch((error: unknown) => this.logger.error({ err: error }, 'after-commit step failed; the cycle itself is committed'));
      return cycleOutcome;
    } catch (error) {
      this.state = null; // the transaction rolled back: reload the committed state next time
      this.stateVersion = null;
      throw error;
    }
  }

  /**
   * The active watchlist, read again only when it changed: every edit of airframes leaves a row in
   * airframe_changes (audit trigger), so the newest change id plus the active count is a cheap token.
   * Re-reading 17,000 airframes cost more than the rest of a replayed cycle (docs/performance.md).
   */
  async currentWatchlist(): Promise<{ hexes: readonly string[]; set: ReadonlySet<string> }> {
    const result = await sql<{ token: string }>`
      SELECT coalesce((SELECT max(id) FROM airframe_changes), 0)::text || ':' || (SELECT count(*) FROM airframes WHERE active)::text AS token`.execute(this.db);
    const token = result.rows[0]?.token ?? '';
    if (this.watchlist?.token !== token) {
      const hexes = (await activeWatchlist(this.db)).map((a) => a.hex);
      this.watchlist = { token, hexes, set: new Set(hexes) };
    }
    return this.watchlist;
  }

  private async insertCycleRow(
    trx: Kysely<Database>,
    input: CycleInput,
    r: { status: 'ok' | 'partial' | 'failed'; dataTime: number | null; sightings: number; positionsStored: number; dropped: Record<string, number>; events: number; legs: number; gaps: number; errors: readonly CycleError[]; processMs: number; storeMs: number; watchlistSize: number },
  ): Promise<string> {
    const finished = Date.now();
    const row = await trx
      .insertInto('poll_cycles')
      .values({
        mode: input.mode, status: r.status, started_at: new Date(input.startedAtMs), finished_at: new Date(finished),
        duration_ms: Math.min(2_147_483_647, Math.max(0, Math.round(finished - input.startedAtMs))), fetch_ms: input.fetchMs === null ? null : Math.round(input.fetchMs),
        process_ms: Math.round(r.processMs), store_ms: Math.round(r.storeMs), data_time: r.dataTime === null ? null : new Date(r.dataTime),
        requests: input.requests, failed_requests: input.errors.length, watchlist_size: r.watchlistSize, sightings: r.sightings,
        positions_stored: r.positionsStored, dropped: JSON.stringify(r.dropped), events: r.events, legs_changed: r.legs, gaps_changed: r.gaps,
        errors: JSON.stringify(r.errors.slice(0, 50)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  /** Records a cycle that stored nothing (no usable response), outside any data transaction. */
  private async recordCycle(input: CycleInput, r: Parameters<SnapshotProcessor['insertCycleRow']>[2]): Promise<string | null> {
    try {
      return await this.insertCycleRow(this.db, input, r);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record the failed cycle');
      return null;
    }
  }
}

/** Counts rows in a table (tests and status). */
export async function countRows(db: Kysely<Database>, table: 'positions' | 'legs' | 'transponder_gaps' | 'track_events'): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return row.rows[0]?.n ?? 0;
}
