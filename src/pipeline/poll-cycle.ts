import { appendFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import { FeedClient } from '../feeds/feed-client.js';
import { buildFeedProviders, strictestLimits } from '../feeds/feed-provider.js';
import { planCoverageProbes } from '../feeds/coverage-probe-plan.js';
import { planFeedQueries } from '../feeds/feed-query-plan.js';
import { liveResponseTimeProblem } from '../feeds/data-time-bounds.js';
import { fetchSnapshot, type SnapshotResponse } from '../feeds/feed-snapshot.js';
import type { Logger } from '../log/create-logger.js';
import { airportCoordinates } from '../store/airports-repository.js';
import { type CycleError, type CycleHooks, type CycleOutcome, SnapshotProcessor } from './snapshot-processor.js';

export interface PollCycleDependencies {
  db: Kysely<Database>;
  config: Readonly<TailwatchConfig>;
  logger: Logger;
  /** `poll --record FILE`: every raw response is appended to this JSONL file. */
  recordFile?: string;
  /** Injected by tests (fake timers); built from the config otherwise. */
  feedClient?: FeedClient;
  /** Steps run in and after each cycle's transaction (the alert outbox). */
  hooks?: CycleHooks;
  /** This machine's clock, that responses' `now` is held to (see boundedByClock). Default Date.now. */
  clock?: () => number;
}

/** One poll cycle; `invalidate()` drops the cached engine state (e.g. on (re)gaining leadership). */
export type PollCycle = (() => Promise<CycleOutcome>) & {
  invalidate(): void;
  /** Writes a checkpoint of the engine state now (see SnapshotProcessor.checkpointNow). */
  checkpointNow(): Promise<void>;
};

/** The watched airports' coordinates from the airports table; unknown idents are reported once. */
async function watchedAirports(db: Kysely<Database>, idents: readonly string[], logger: Logger, warned: Set<string>) {
  if (!idents.length) return [];
  const rows = await airportCoordinates(db, idents);
  for (const ident of idents) {
    if (!rows.some((row) => row.ident === ident) && !warned.has(ident)) {
      warned.add(ident);
      logger.warn(
        { airport: ident },
        'watched airport is not in the airports table; it is not polled (import it with `tailwatch airports import`)',
      );
    }
  }
  return rows;
}

/**
 * Splits a poll's responses into those whose `now` agrees with this machine's clock when the poll's
 * answers were in (see liveResponseTimeProblem) and, as cycle errors (FEED_CLOCK_SKEW), those that do not.
 */
export function boundedByClock(
  all: readonly SnapshotResponse[],
  clockMs: number,
  maxBehindMs: number | null,
): {
  responses: SnapshotResponse[];
  skewed: CycleError[];
} {
  const responses: SnapshotResponse[] = [];
  const skewed: CycleError[] = [];
  for (const response of all) {
    const problem = liveResponseTimeProblem(response.now, clockMs, maxBehindMs);
    if (problem === null) responses.push(response);
    else
      skewed.push({
        path: response.path,
        purpose: response.purpose,
        code: 'FEED_CLOCK_SKEW',
        message: `${response.provider} ${response.path}: ${problem}`,
      });
  }
  return { responses, skewed };
}

/**
 * One live poll cycle: read the list (so edits apply at the next poll), plan the batched hex, type
 * and point requests, ask every provider (or fail over, `feeds.mode`) with per-provider rate limits and
 * retries, parse the answers, then run the same pipeline as `replay`. A provider or a request that fails
 * is recorded in the cycle (poll_cycles.providers, errors) and the rest go on.
 */
export function createPollCycle(deps: PollCycleDependencies): PollCycle {
  const { db, config, logger } = deps;
  const log = logger.child({ module: 'poll' });
  const client =
    deps.feedClient ??
    new FeedClient({
      providers: buildFeedProviders({
        urls: config.feeds.urls,
        rapidApiKey: config.feeds.rapidApiKey,
        requestsPerSecond: config.feeds.requestsPerSecond,
        timeoutMs: config.feeds.timeoutMs,
        retries: config.feeds.retries,
        maxResponseBytes: config.feeds.maxResponseBytes,
        opensky: config.feeds.opensky,
      }),
      logger,
    });
  const processor = new SnapshotProcessor(db, config, log, deps.hooks);
  const clock = deps.clock ?? Date.now;
  const warned = new Set<string>();

  const run = async (): Promise<CycleOutcome> => {
    const startedAtMs = Date.now();
    // The list as of this poll (edits apply here); re-read only when it changed.
    const { hexes } = await processor.currentWatchlist();
    const airports = await watchedAirports(db, config.watch.airports, log, warned);
    const plan = planFeedQueries({
      hexes,
      types: config.feeds.watchTypes,
      airports,
      radiusNm: config.feeds.pointRadiusNm,
      limits: strictestLimits(client.providers),
    });
    const fetchStart = performance.now();
    const record = deps.recordFile;
    // feeds/ fetches, validates and parses: the responses come back as sightings.
    const snapshot = await fetchSnapshot(plan, client, {
      mode: config.feeds.mode,
      maxPositionAgeS: config.feeds.maxPositionAgeSeconds,
      ...(record ? { onRawResponse: (line: string) => appendFile(record, `${line}\n`) } : {}),
    });
    // The shell holds the data's time to this machine's clock: a response stamped far from it is not used.
    const fetchedAt = clock();
    const maxLagS = config.feeds.maxClockLagSeconds;
    const bounded = (list: typeof snapshot.responses) =>
      boundedByClock(list, fetchedAt, maxLagS === null ? null : maxLagS * 1000);
    const { responses, skewed } = bounded(snapshot.responses);
    for (const error of skewed) log.warn({ path: error.path, code: error.code }, error.message);
    const toCycleErrors = (errors: typeof snapshot.errors) =>
      errors.map((e) => ({
        path: e.path,
        purpose: e.purpose,
        code: e.code,
        message: e.message,
        ...(e.failures ? { failures: e.failures } : {}),
      }));
    const input = {
      mode: 'poll' as const,
      responses,
      requests: snapshot.requestCount,
      errors: [...toCycleErrors(snapshot.errors), ...skewed],
      latestDataTimeMs: fetchedAt,
      providers: snapshot.providers,
      startedAtMs,
      fetchMs: performance.now() - fetchStart,
    };
    // Coverage probes: the aircraft this snapshot finds silent get a `/point` around where they should be,
    // on every provider, and the cycle runs on both answers (docs/tracking.md#gap-verdicts).
    let prepared = await processor.prepare(input);
    const silent = prepared.coverage?.silent ?? [];
    let probes = 0;
    if (silent.length) {
      const probeSnapshot = await fetchSnapshot(planCoverageProbes(silent, processor.verdictRadiusKm), client, {
        mode: 'fan-out',
        // The providers this cycle asked (a provider whose turn it was not, such as OpenSky, stays out).
        providers: snapshot.providers.filter((p) => p.status !== 'skipped').map((p) => p.provider),
        maxPositionAgeS: config.feeds.maxPositionAgeSeconds,
        ...(record ? { onRawResponse: (line: string) => appendFile(record, `${line}\n`) } : {}),
      });
      probes = probeSnapshot.requestCount;
      const probed = bounded(probeSnapshot.responses);
      for (const error of probed.skewed) log.warn({ path: error.path, code: error.code }, error.message);
      prepared = await processor.prepare({
        ...input,
        responses: [...responses, ...probed.responses],
        requests: snapshot.requestCount + probeSnapshot.requestCount,
        errors: [...input.errors, ...toCycleErrors(probeSnapshot.errors), ...probed.skewed],
        fetchMs: performance.now() - fetchStart,
      });
    }
    const outcome = await processor.commit(prepared);
    log.info(
      {
        cycle: outcome.cycleId,
        status: outcome.status,
        requests: snapshot.requestCount + probes,
        probes,
        silent: silent.length,
        failedRequests: snapshot.errors.length,
        providers: Object.fromEntries(snapshot.providers.map((p) => [p.provider, p.status])),
        watchlist: hexes.length,
        sightings: outcome.sightings,
        stored: outcome.positionsStored,
        events: outcome.newEvents.length,
        dropped: outcome.dropped,
        ms: Date.now() - startedAtMs,
      },
      'poll cycle done',
    );
    for (const { event } of outcome.newEvents) log.info({ event }, `${event.kind} ${event.hex}`);
    // A provider that failed while others answered leaves the cycle ok: say what went wrong with it.
    for (const provider of snapshot.providers) {
      const first = provider.errors[0];
      if (first === undefined) continue;
      log.warn(
        { provider: provider.provider, status: provider.status, failed: provider.failed, code: first.code },
        first.message,
      );
    }
    return { ...outcome, providers: snapshot.providers };
  };
  return Object.assign(run, {
    invalidate: () => processor.invalidate(),
    checkpointNow: () => processor.checkpointNow(),
  });
}
