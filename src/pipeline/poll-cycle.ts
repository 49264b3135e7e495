import { appendFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import { FeedClient } from '../feeds/feed-client.js';
import { buildFeedProviders, strictestLimits } from '../feeds/feed-provider.js';
import { planFeedQueries } from '../feeds/feed-query-plan.js';
import { fetchSnapshot } from '../feeds/feed-snapshot.js';
import type { Logger } from '../log/create-logger.js';
import { airportCoordinates } from '../store/airports-repository.js';
import { type CycleHooks, type CycleOutcome, SnapshotProcessor } from './snapshot-processor.js';

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
}

/** One poll cycle; `invalidate()` drops the cached engine state (e.g. on (re)gaining leadership). */
export type PollCycle = (() => Promise<CycleOutcome>) & { invalidate(): void };

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
    const fetchMs = performance.now() - fetchStart;
    const outcome = await processor.process({
      mode: 'poll',
      responses: snapshot.responses,
      requests: snapshot.requestCount,
      errors: snapshot.errors.map((e) => ({ path: e.path, purpose: e.purpose, code: e.code, message: e.message })),
      providers: snapshot.providers,
      startedAtMs,
      fetchMs,
    });
    log.info(
      {
        cycle: outcome.cycleId,
        status: outcome.status,
        requests: snapshot.requestCount,
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
  return Object.assign(run, { invalidate: () => processor.invalidate() });
}
