import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { constants, createGunzip } from 'node:zlib';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import type { ParsedResponse } from '../feeds/feed-response-parser.js';
import { readRecordedResponse } from '../feeds/recorded-line.js';
import type { Logger } from '../log/create-logger.js';
import type { CycleInput, SnapshotProcessor } from './snapshot-processor.js';
import { type ClockVerdict, ReplayClock } from './replay-clock.js';
import { recordingLines, type TooLongLine } from './recording-lines.js';
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

/** Said of an unreadable last line that has no line break after it. */
const CUT_SHORT =
  'The file ends in the middle of this line: it was cut short ' +
  '(e.g. the process recording it was killed, or a copy was interrupted). ' +
  'Every complete line before it was replayed.';

/**
 * What to tell the user when the gzip data turns unreadable after `lines` lines were read, or null for
 * any other error. The stream is destroyed then, so lines decoded but not yet read are lost too.
 */
function gzipFailure(error: unknown, lines: number): string | null {
  const code = (error as { code?: unknown }).code;
  if (code !== 'Z_DATA_ERROR' && code !== 'Z_BUF_ERROR' && code !== 'Z_NEED_DICT') return null;
  const read =
    lines === 0
      ? 'no line was read'
      : `lines 1-${lines} were read and replayed, except those reported as bad ` +
        `(deflate can garble the data before it notices)`;
  return (
    `the gzip data is corrupt here (${(error as Error).message}): nothing after it could be read; ` +
    `${read}. Check the file with \`gzip -t\`.`
  );
}

/** A recorded poll is megabytes of one line: read it in big chunks. */
const READ_CHUNK = 1 << 20;

/** Lines whose responses are this close in data time (`now`) belong to the same recorded poll. */
export const REPLAY_GROUP_MS = 15_000;

/**
 * Replays a JSONL recording (gzipped or not), in order, through exactly the pipeline a live poll uses:
 * feeds/ reads each line into sightings (readRecordedResponse: the envelope check and row parsing of a
 * live fetch). Consecutive lines whose data time (the envelope's `now`, in ms whatever the format's
 * unit) lies within REPLAY_GROUP_MS of the first line of the group are one cycle, as they were one poll
 * when recorded (a poll's requests are spread over a few seconds by the rate limit); a bare response
 * every second is grouped the same way. A bad line is reported with its number and skipped.
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
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check the path.`,
      { file },
    );
  }
  const source = createReadStream(file, { highWaterMark: READ_CHUNK });
  let stream: Readable = source;
  if (gzip) {
    // A stream cut short ends without an error, after all the data it holds: the default would destroy
    // the stream with "unexpected end of file" and drop the decoded lines not yet read.
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    source.on('error', (error) => gunzip.destroy(error)); // pipe() does not pass a read error on
    stream = source.pipe(gunzip);
  }
  const ending = { unterminated: false };
  // A recorded line is one response: allow it twice the size a live response may have.
  const maxLineBytes = 2 * processor.config.feeds.maxResponseBytes;
  const cut: { at: { line: number; message: string } | null } = { at: null };
  /** The recording's lines up to a gzip stream that ends early or turns corrupt (recorded in `cut`). */
  async function* completeLines(): AsyncGenerator<string | TooLongLine> {
    try {
      for await (const text of recordingLines(stream, ending, maxLineBytes)) yield text;
    } catch (error) {
      const message = gzipFailure(error, summary.lines);
      if (message === null) throw error;
      cut.at = { line: summary.lines + 1, message };
    }
  }
  const summary: ReplaySummary = {
    lines: 0,
    cycles: 0,
    badLines: [],
    sightings: 0,
    positionsStored: 0,
    newEvents: 0,
    dropped: {},
  };
  const pipeline = new ReplayPipeline(processor, (outcome) => {
    summary.cycles += 1;
    summary.sightings += outcome.sightings;
    summary.positionsStored += outcome.positionsStored;
    summary.newEvents += outcome.newEvents.length;
    for (const [key, value] of Object.entries(outcome.dropped))
      summary.dropped[key] = (summary.dropped[key] ?? 0) + value;
  });
  const parseOptions = { maxPositionAgeS: processor.config.feeds.maxPositionAgeSeconds };
  let group: ParsedResponse[] = [];
  let groupStart: number | null = null;
  const flush = async () => {
    if (!group.length) return;
    const input: CycleInput = {
      mode: 'replay',
      responses: group,
      requests: 0,
      errors: [],
      startedAtMs: Date.now(),
      fetchMs: null,
    };
    group = [];
    groupStart = null;
    await pipeline.push(input);
  };
  // Each line's data time is checked before it may move the replay's clock (see replay-clock.ts).
  const clock = new ReplayClock<ParsedResponse>(() => Date.now());
  const take = async (verdicts: ClockVerdict<ParsedResponse>[]) => {
    for (const verdict of verdicts) {
      if (verdict.kind === 'reject') {
        summary.badLines.push({ line: verdict.line, message: verdict.message });
        logger.debug({ file, line: verdict.line }, verdict.message);
        continue;
      }
      const response = verdict.item;
      if (groupStart !== null && Math.abs(response.now - groupStart) > REPLAY_GROUP_MS) await flush();
      if (groupStart === null) groupStart = response.now;
      group.push(response);
    }
  };
  try {
    for await (const text of completeLines()) {
      summary.lines += 1;
      if (typeof text !== 'string') {
        const message =
          `Line ${summary.lines}: longer than ${maxLineBytes} bytes (${text.bytes} bytes or more), twice ` +
          `feeds.maxResponseBytes: not a recorded response (a damaged or hostile file?); skipped unread. ` +
          `Raise feeds.maxResponseBytes if the recording really holds responses this large`;
        summary.badLines.push({ line: summary.lines, message });
        logger.debug({ file, line: summary.lines }, message);
        continue;
      }
      let response;
      try {
        response = readRecordedResponse(text, summary.lines, parseOptions);
      } catch (error) {
        if (!isTailwatchError(error, 'REPLAY_BAD_LINE')) throw error;
        const message = ending.unterminated ? `${error.message}. ${CUT_SHORT}` : error.message;
        summary.badLines.push({ line: summary.lines, message });
        logger.debug({ file, line: summary.lines }, error.message);
        continue;
      }
      if (!response) continue;
      await take(clock.offer(response, summary.lines, response.now));
      // A line's parse is one long synchronous step: let the commit in flight take its replies.
      await yieldToIo();
    }
    await take(clock.end());
    await flush();
    if (cut.at) {
      summary.badLines.push(cut.at);
      logger.warn({ file, line: cut.at.line }, cut.at.message);
    }
  } finally {
    // Never leave a transaction running behind a replay that returns or throws.
    await pipeline.drain();
  }
  await pipeline.finish();
  // The legs table gets the open legs' progress now, not at the next checkpoint of a later run.
  await processor.checkpointNow();
  return summary;
}
