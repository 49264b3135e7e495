import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { TailwatchConfig } from '../src/config/config-schema.js';
import type { Database } from '../src/db/database-schema.js';
import { formatRecordedLine } from '../src/feeds/recorded-line.js';
import { replayFile } from '../src/pipeline/replay-file.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt, median, timed } from './bench-stats.js';
import { SyntheticTraffic } from './synthetic-traffic.js';

const COLUMNS =
  'hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg, ' +
  'vertical_rate_fpm, squawk, callsign, source, matched_by';

async function clearTracking(db: Kysely<Database>): Promise<void> {
  await sql`TRUNCATE positions, track_events, transponder_gaps, legs, tracker_state, poll_cycles CASCADE`.execute(db);
}

/** Copies positions out as COPY text (untimed), to load the very same rows back in. */
async function exportPositions(url: string): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const chunks: Buffer[] = [];
  try {
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${COLUMNS} FROM positions) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
  } finally {
    await client.end();
  }
  return chunks;
}

async function copyIn(url: string, chunks: readonly Buffer[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY positions (${COLUMNS}) FROM STDIN`)));
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/**
 * The synthetic polls as a recording, one `poll --record` line per poll (a `/point` response of the
 * area purpose covering the whole Earth, provider "replay" so that `source` is what a bare response
 * gives), in a new temporary directory. Untimed.
 */
function writeRecording(aircraft: number, polls: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tailwatch-bench-replay-')), 'polls.jsonl');
  const traffic = new SyntheticTraffic(aircraft, Date.UTC(2025, 5, 1), 21);
  const fd = openSync(file, 'w');
  try {
    for (let p = 0; p < polls; p++) {
      const line = formatRecordedLine({
        provider: 'replay',
        // A circle around the whole Earth (half its circumference, 10,800 nm): the traffic is global, and a row
        // counts for a response's purpose only inside the circle it asked for (feeds/feed-purpose.ts).
        path: '/point/0/0/11000',
        purpose: 'area',
        fetchedAtMs: traffic.nowMs,
        response: traffic.response(),
      });
      writeSync(fd, `${line}\n`);
      traffic.step();
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * Replay ingest: `sightings` sightings as polls of `aircraft` aircraft, written as a JSONL recording
 * (untimed), then `replayFile` of it, exactly what `tailwatch replay FILE` runs, into an empty
 * positions table. Timed: reading, parsing and the whole pipeline.
 * Baseline: raw COPY of the very rows the replay stored, into the same (emptied) table, with its key.
 */
export async function replayIngestBench(
  db: Kysely<Database>,
  url: string,
  config: Readonly<TailwatchConfig>,
  options: { sightings: number; aircraft: number; runs: number },
): Promise<BenchRow> {
  const polls = Math.max(1, Math.round(options.sightings / options.aircraft));
  const replayRates: number[] = [];
  const copyRates: number[] = [];
  let stored = 0;
  // The same recording for every run, written before the first run's checkpoint.
  const file = writeRecording(options.aircraft, polls);
  try {
    for (let run = 0; run < options.runs; run++) {
      await clearTracking(db);
      await sql`CHECKPOINT`.execute(db);
      const processor = new SnapshotProcessor(db, config, silentLogger);
      const replay = await timed(() => replayFile(file, processor, silentLogger));
      stored = replay.value.positionsStored;
      replayRates.push(stored / (replay.ms / 1000));
      const rows = await exportPositions(url);
      await sql`TRUNCATE positions`.execute(db);
      await sql`CHECKPOINT`.execute(db);
      const copy = await timed(() => copyIn(url, rows));
      copyRates.push(stored / (copy.ms / 1000));
    }
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
  const rate = median(replayRates);
  const copyRate = median(copyRates);
  return {
    figure:
      `replay ingest into Postgres, ${fmt(stored)} sightings ` +
      `(${polls} polls × ${fmt(options.aircraft)} aircraft, ${options.runs} runs)`,
    median: `${fmt(rate)} rows/s`,
    baseline: `raw COPY, same rows and table: ${fmt(copyRate)} rows/s`,
    ratio: `${fmt(rate / copyRate, 2)}`,
    target: '≥ 0.50 of COPY',
    met: rate / copyRate >= 0.5,
  };
}
