import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import type { Database } from '../src/db/database-schema.js';
import type { ParsedResponse } from '../src/feeds/feed-response-parser.js';
import { readRecordedResponse } from '../src/feeds/recorded-line.js';
import type { WatchedArea } from '../src/feeds/snapshot-sightings.js';
import { AirportIndexCache } from '../src/pipeline/airport-index-cache.js';
import { matchCycle, type PrepareContext } from '../src/pipeline/prepared-cycle.js';
import { ReplayClock } from '../src/pipeline/replay-clock.js';
import { REPLAY_GROUP_MS } from '../src/pipeline/replay-file.js';
import { recordingLines } from '../src/pipeline/recording-lines.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import { trackerConfigFrom, verdictConfigFrom } from '../src/pipeline/tracking-settings.js';
import { silentLogger } from './bench-database.js';

/** replay-file.ts reads a recording in chunks of this size. */
const READ_CHUNK = 1 << 20;

/**
 * What a replay's prepare step matches with (snapshot-processor.ts): the active watchlist, the watched
 * types, the position age bound and the circles around the watched airports. Read once, untimed.
 */
export async function replayMatchContext(
  db: Kysely<Database>,
  config: Readonly<TailwatchConfig>,
): Promise<PrepareContext> {
  const watchlist = (await new SnapshotProcessor(db, config, silentLogger).currentWatchlist()).set;
  const airportIndex = await new AirportIndexCache().get(db);
  // As snapshot-processor.ts's watchedAreas (not exported): the airports the index knows.
  const areas: WatchedArea[] = [];
  for (const ident of config.watch.airports) {
    const airport = airportIndex.get(ident);
    if (airport) areas.push({ lat: airport.lat, lon: airport.lon, radiusNm: config.feeds.pointRadiusNm });
  }
  return {
    watchlist,
    airportIndex,
    watchTypes: config.feeds.watchTypes,
    watchedTypes: new Set(config.feeds.watchTypes),
    maxPositionAgeS: config.feeds.maxPositionAgeSeconds,
    maxTypeAircraft: config.feeds.maxTypeAircraftPerCycle,
    areas,
    trackerConfig: trackerConfigFrom(config),
    verdictConfig: verdictConfigFrom(config),
  };
}

export interface ParseBoundResult {
  lines: number;
  cycles: number;
  /** Validated, matched sightings of all cycles (before the engine). */
  sightings: number;
}

/**
 * The input's own parsing, measured the way a COPY is: the recording read and parsed with no database,
 * on the main thread (no workers). Exactly the replay's work up to matching (replay-file.ts and the
 * prepare step): 1 MiB reads, recordingLines, readRecordedResponse (JSON.parse, the envelope and row
 * validation), the replay clock, the grouping of lines into polls, and matchCycle
 * (sightingsFromResponses: merge, purposes, watchlist). Not included: the engine, the positions' COPY
 * buffers, and every database round trip.
 */
export async function parseRecording(
  file: string,
  config: Readonly<TailwatchConfig>,
  context: PrepareContext,
): Promise<ParseBoundResult> {
  const result: ParseBoundResult = { lines: 0, cycles: 0, sightings: 0 };
  const parseOptions = { maxPositionAgeS: config.feeds.maxPositionAgeSeconds };
  const maxLineBytes = 2 * config.feeds.maxResponseBytes;
  let group: ParsedResponse[] = [];
  let groupStart: number | null = null;
  const flush = () => {
    if (!group.length) return;
    const matched = matchCycle(
      { mode: 'replay', responses: group, requests: 0, errors: [], startedAtMs: Date.now(), fetchMs: null },
      context,
    );
    result.cycles += 1;
    result.sightings += matched.snapshot.sightings.length;
    group = [];
    groupStart = null;
  };
  const clock = new ReplayClock<ParsedResponse>(() => Date.now());
  const take = (verdicts: ReturnType<typeof clock.offer>) => {
    for (const verdict of verdicts) {
      if (verdict.kind === 'reject') continue;
      const response = verdict.item;
      if (groupStart !== null && Math.abs(response.now - groupStart) > REPLAY_GROUP_MS) flush();
      if (groupStart === null) groupStart = response.now;
      group.push(response);
    }
  };
  const stream = createReadStream(file, { highWaterMark: READ_CHUNK });
  for await (const text of recordingLines(stream, { unterminated: false }, maxLineBytes)) {
    result.lines += 1;
    if (typeof text !== 'string') continue;
    const response = readRecordedResponse(text, result.lines, parseOptions);
    if (response) take(clock.offer(response, result.lines, response.now));
  }
  take(clock.end());
  flush();
  return result;
}
