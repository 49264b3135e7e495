import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import { parseRecordedLine } from '../feeds/recorded-line.js';
import type { ResponseForSightings } from '../feeds/snapshot-sightings.js';
import type { Logger } from '../log/create-logger.js';
import type { CycleInput, SnapshotProcessor } from './snapshot-processor.js';
import { recordingLines } from './recording-lines.js';
import { ReplayPipeline } from './replay-pipeline.js';

export interface ReplaySummary {
  lines: number;
  /** Cycles run: groups of lines from one recorded poll. */
  cycles: number;
  badLines: Array<{ line: number; message: string }>;
  sightings: number;
  positionsStored: number;
  newEvents: number;
  dropped: Record<string, number>;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A recorded poll is megabytes of one line: read it in big chunks. */
const READ_CHUNK = 1 << 20;

/** Lines whose responses are this close in data time (`now`) belong to the same recorded poll. */
export const REPLAY_GROUP_MS = 15_000;

function envelopeNow(response: unknown): number | null {
  if (response === null || typeof response !== 'object') return null;
  const now = (response as { now?: unknown }).now;
  if (typeof now !== 'number') return null;
  return now < 1e11 ? now * 1000 : now; // local readsb aircraft.json gives seconds
}

/**
 * Replays a JSONL recording (gzipped or not), in order, through exactly the pipeline a live poll uses.
 * Consecutive lines whose data time (`now`) lies within REPLAY_GROUP_MS of the first line of the group
 * are one cycle, as they were one poll when recorded (a poll's requests are spread over a few seconds
 * by the rate limit); a bare response every second is grouped the same way. A bad line is reported with
 * its number and skipped.
 *
 * Cycles are pipelined (see ReplayPipeline): the next recorded poll is read, parsed, validated and run
 * through the engine while the previous poll's transaction is in flight, with the same results as one
 * cycle after the other.
 */
export async function replayFile(file: string, processor: SnapshotProcessor, logger: Logger): Promise<ReplaySummary> {
  let gzip: boolean;
  try {
    gzip = await isGzip(file);
  } catch (error) {
    throw new TailwatchError('INPUT_FILE_UNREADABLE', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check the path.`, { file });
  }
  const stream = gzip ? createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(createGunzip()) : createReadStream(file, { highWaterMark: READ_CHUNK });
  const lines = recordingLines(stream);
  const summary: ReplaySummary = { lines: 0, cycles: 0, badLines: [], sightings: 0, positionsStored: 0, newEvents: 0, dropped: {} };
  const pipeline = new ReplayPipeline(processor, (outcome) => {
    summary.cycles += 1;
    summary.sightings += outcome.sightings;
    summary.positionsStored += outcome.positionsStored;
    summary.newEvents += outcome.newEvents.length;
    for (const [key, value] of Object.entries(outcome.dropped)) summary.dropped[key] = (summary.dropped[key] ?? 0) + value;
  });
  let group: ResponseForSightings[] = [];
  let groupStart: number | null = null;
  const flush = async () => {
    if (!group.length) return;
    const input: CycleInput = { mode: 'replay', responses: group, requests: 0, errors: [], startedAtMs: Date.now(), fetchMs: null };
    group = [];
    groupStart = null;
    await pipeline.push(input);
  };
  try {
    for await (const text of lines) {
      summary.lines += 1;
      let record;
      try {
        record = parseRecordedLine(text, summary.lines);
      } catch (error) {
        if (!isTailwatchError(error, 'REPLAY_BAD_LINE')) throw error;
        summary.badLines.push({ line: summary.lines, message: error.message });
        logger.debug({ file, line: summary.lines }, error.message);
        continue;
      }
      if (!record) continue;
      const now = envelopeNow(record.response);
      if (groupStart !== null && (now === null || Math.abs(now - groupStart) > REPLAY_GROUP_MS)) await flush();
      if (groupStart === null) groupStart = now;
      group.push({ provider: record.provider, path: record.path, purpose: record.purpose, body: record.response });
      // A line's JSON.parse is one long synchronous step: let the commit in flight take its replies.
      await yieldToIo();
    }
    await flush();
  } finally {
    // Never leave a transaction running behind a replay that returns or throws.
    await pipeline.drain();
  }
  await pipeline.finish();
  return summary;
}
