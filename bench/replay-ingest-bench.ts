import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import type { Database } from '../src/db/database-schema.js';
import { replayFile } from '../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt, median, timed } from './bench-stats.js';
import {
  copyIn,
  createPlainKeyedTable,
  dropPlainKeyedTable,
  exportPositions,
  PLAIN_KEYED_TABLE,
} from './copy-baselines.js';
import { parseRecording, replayMatchContext } from './replay-parse-bound.js';
import { listTraffic, writeRecording } from './replay-recording.js';

/** Issue 13's targets: replay ≥ 0.50 of the plain keyed COPY, or ≥ 0.80 of the parse bound when that bound is lower. */
export const COPY_SHARE = 0.5;
export const PARSE_SHARE = 0.8;

/**
 * Issue 13's "Done when", exactly: the replay reaches COPY_SHARE of a raw COPY into the plain keyed table;
 * or the input's own parsing bounds it lower than that (the parse bound is under COPY_SHARE of the COPY,
 * so no replay could reach it) and the replay reaches PARSE_SHARE of the parse bound.
 */
export function replayTargetMet(rates: { replay: number; plainCopy: number; parse: number }): boolean {
  const copyTarget = COPY_SHARE * rates.plainCopy;
  if (rates.replay >= copyTarget) return true;
  return rates.parse < copyTarget && rates.replay >= PARSE_SHARE * rates.parse;
}

async function clearTracking(db: Kysely<Database>): Promise<void> {
  await sql`TRUNCATE positions, track_events, transponder_gaps, legs, tracker_state, poll_cycles CASCADE`.execute(db);
}

export interface ReplayIngestOptions {
  sightings: number;
  aircraft: number;
  runs: number;
  /** Put every aircraft of the traffic on the watchlist for this run (all tracked), instead of the seeded list. */
  listAll: boolean;
}

/**
 * Replay ingest: `sightings` sightings as polls of `aircraft` aircraft, written as a JSONL recording
 * (untimed), then `replayFile` of it, exactly what `tailwatch replay FILE` runs, into an empty
 * positions table. Timed: reading, parsing and the whole pipeline. Rates are the rows the replay stored
 * over each one's time, so each ratio below is a ratio of times for the same rows. Per run, after it:
 * - raw COPY (text format, one transaction, after TRUNCATE + CHECKPOINT) of the very rows it stored into
 *   a plain table keyed on (hex, observed_at) (issue 13's baseline), and into positions itself (context);
 * - the parse bound: the same file read, parsed, validated and matched with no database, on the main
 *   thread (replay-parse-bound.ts).
 */
export async function replayIngestBench(
  db: Kysely<Database>,
  url: string,
  config: Readonly<TailwatchConfig>,
  options: ReplayIngestOptions,
): Promise<BenchRow[]> {
  const polls = Math.max(1, Math.round(options.sightings / options.aircraft));
  const rates = { replay: [] as number[], plainCopy: [] as number[], ownCopy: [] as number[], parse: [] as number[] };
  let stored = 0;
  let matched = 0;
  let tracked = 0;
  // The same recording for every run, written before the first run's checkpoint.
  const file = writeRecording(options.aircraft, polls);
  const unlist = options.listAll ? await listTraffic(db, options.aircraft) : async () => {};
  await createPlainKeyedTable(db);
  try {
    const context = await replayMatchContext(db, config);
    for (let run = 0; run < options.runs; run++) {
      await clearTracking(db);
      await sql`CHECKPOINT`.execute(db);
      const processor = new SnapshotProcessor(db, config, silentLogger);
      const replay = await timed(() => replayFile(file, processor, silentLogger));
      stored = replay.value.positionsStored;
      rates.replay.push(stored / (replay.ms / 1000));
      if (run === 0) {
        // Tracked (listed or of a watched type): the engine gave them a leg; area traffic is only stored.
        const r = await sql<{ n: string }>`SELECT count(DISTINCT hex) AS n FROM legs`.execute(db);
        tracked = Number(r.rows[0]!.n);
      }
      const rows = await exportPositions(url);
      await sql`TRUNCATE positions`.execute(db);
      await sql`CHECKPOINT`.execute(db);
      rates.ownCopy.push(stored / ((await timed(() => copyIn(url, 'positions', rows))).ms / 1000));
      await sql.raw(`TRUNCATE ${PLAIN_KEYED_TABLE}`).execute(db);
      await sql`CHECKPOINT`.execute(db);
      rates.plainCopy.push(stored / ((await timed(() => copyIn(url, PLAIN_KEYED_TABLE, rows))).ms / 1000));
      const parse = await timed(() => parseRecording(file, config, context));
      matched = parse.value.sightings;
      rates.parse.push(stored / (parse.ms / 1000));
    }
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
    await dropPlainKeyedTable(db);
    await unlist();
  }
  const replay = median(rates.replay);
  const plainCopy = median(rates.plainCopy);
  const ownCopy = median(rates.ownCopy);
  const parse = median(rates.parse);
  const shape =
    `${fmt(options.aircraft)} aircraft a cycle (${polls} polls, ${fmt(tracked)} tracked` +
    `${options.listAll ? ': all listed' : ''}), ${fmt(stored)} rows stored, ${options.runs} runs`;
  const plainText = `raw COPY into a plain table keyed on (hex, observed_at): ${fmt(plainCopy)} rows/s`;
  return [
    {
      figure: `replay ingest into Postgres, ${shape}`,
      median: `${fmt(replay)} rows/s`,
      baseline:
        `${plainText}; parse bound ${fmt(parse)} rows/s (replay ÷ parse ${fmt(replay / parse, 2)}); ` +
        `raw COPY into positions itself ${fmt(ownCopy)} rows/s (replay ÷ that ${fmt(replay / ownCopy, 2)})`,
      ratio: `${fmt(replay / plainCopy, 2)}`,
      target:
        `≥ ${COPY_SHARE.toFixed(2)} of plain COPY; or, when the parse bound is under that, ` +
        `≥ ${PARSE_SHARE.toFixed(2)} of the parse bound`,
      met: replayTargetMet({ replay, plainCopy, parse }),
    },
    {
      figure:
        `parse bound of that replay: the same recording read, parsed, validated and matched (${fmt(matched)} ` +
        `sightings), no database, main thread`,
      median: `${fmt(parse)} rows/s`,
      baseline: plainText,
      ratio: `${fmt(parse / plainCopy, 2)}`,
      target: `bounds the replay below ${COPY_SHARE.toFixed(2)} of COPY only if under it`,
      met: null,
    },
  ];
}
