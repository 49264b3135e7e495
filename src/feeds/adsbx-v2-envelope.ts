import { z } from 'zod';
import { shortReason } from './feed-failure-reason.js';
import { TailwatchError } from '../errors/tailwatch-error.js';

/**
 * The envelope of an ADSBx-v2 response (adsb.lol, airplanes.live, adsb.fi, ADS-B Exchange):
 * `{ac, msg, now, total, ctime, ptime}` with `now` in epoch milliseconds. A local readsb/dump1090
 * `aircraft.json` uses `{now, messages, aircraft}` with `now` in epoch seconds (float).
 * Strict per envelope: anything else is FEED_BAD_RESPONSE. Rows are left unknown here; they are
 * checked one by one (lenient per row) by the row parser.
 */
const adsbxV2EnvelopeSchema = z.looseObject({
  now: z.number(),
  ac: z.array(z.unknown()),
  msg: z.unknown().optional(),
  total: z.unknown().optional(),
  ctime: z.unknown().optional(),
  ptime: z.unknown().optional(),
});

const readsbAircraftJsonSchema = z.looseObject({
  now: z.number(),
  aircraft: z.array(z.unknown()),
  messages: z.unknown().optional(),
});

export type EnvelopeFormat = 'adsbx-v2' | 'readsb-aircraft-json';

export interface FeedEnvelope {
  format: EnvelopeFormat;
  /** `now` of the response in integer epoch milliseconds, whatever unit the format used. */
  nowMs: number;
  rows: readonly unknown[];
}

/**
 * Rows per response. A /hex batch answers at most 1,000 aircraft and a 250 nm /point a few thousand; a
 * response with more is not a plausible answer, and parsing it (150,000 fake aircraft in 15 MB) costs
 * hundreds of megabytes of heap. It is refused whole, before any row is parsed.
 */
export const MAX_ROWS_PER_RESPONSE = 30_000;

// A `now` outside these bounds is a unit or server-clock mistake, not a time worth stamping sightings with.
const EARLIEST_NOW_MS = Date.UTC(2000, 0, 1);
const LATEST_NOW_MS = Date.UTC(2100, 0, 1);

function describe(body: unknown): string {
  if (body === null) return 'null';
  if (Array.isArray(body)) return 'an array';
  if (typeof body !== 'object') return `a ${typeof body}`;
  const keys = Object.keys(body).slice(0, 8);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}

function badResponse(source: string, problem: string, details: Record<string, unknown> = {}): TailwatchError {
  return new TailwatchError(
    'FEED_BAD_RESPONSE',
    `The feed ${source} sent ${problem}; expected an ADSBx-v2 response {"ac":[...],"now":<epoch ms>} ` +
      `(or a readsb aircraft.json {"aircraft":[...],"now":<epoch s>}). ` +
      `Check that the feed URL points at the v2 API root.`,
    { source, ...details, reason: shortReason(`not an ADSBx-v2 response: ${problem}`) },
  );
}

/** Validates the envelope and normalises `now` to epoch ms. Pure; throws FEED_BAD_RESPONSE. */
export function parseFeedEnvelope(body: unknown, source: string): FeedEnvelope {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badResponse(source, describe(body));
  }
  let format: EnvelopeFormat;
  let rows: readonly unknown[];
  let nowMs: number;
  if ('ac' in body) {
    const parsed = adsbxV2EnvelopeSchema.safeParse(body);
    if (!parsed.success) throw badResponse(source, `an envelope whose ${issuePaths(parsed.error)} is invalid`);
    format = 'adsbx-v2';
    rows = parsed.data.ac;
    nowMs = Math.round(parsed.data.now);
  } else if ('aircraft' in body) {
    const parsed = readsbAircraftJsonSchema.safeParse(body);
    if (!parsed.success) throw badResponse(source, `an aircraft.json whose ${issuePaths(parsed.error)} is invalid`);
    format = 'readsb-aircraft-json';
    rows = parsed.data.aircraft;
    nowMs = Math.round(parsed.data.now * 1000);
  } else {
    throw badResponse(source, describe(body));
  }
  if (rows.length > MAX_ROWS_PER_RESPONSE) {
    throw new TailwatchError(
      'FEED_RESPONSE_TOO_LARGE',
      `The feed ${source} sent ${rows.length} aircraft in one response, more than the cap of ` +
        `${MAX_ROWS_PER_RESPONSE} rows per response; it was refused unread. A /hex batch lists at most 1,000 ` +
        `aircraft: check that the feed URL points at the v2 API root, or that the provider is not misbehaving.`,
      {
        source,
        rows: rows.length,
        cap: MAX_ROWS_PER_RESPONSE,
        reason: `${rows.length} rows, over the cap of ${MAX_ROWS_PER_RESPONSE} per response`,
      },
    );
  }
  if (!(nowMs >= EARLIEST_NOW_MS && nowMs < LATEST_NOW_MS)) {
    const rawNow: unknown = (body as Record<string, unknown>).now;
    throw badResponse(
      source,
      `"now" = ${String(rawNow)}, which is not a time between 2000 and 2100 in the unit of its format ` +
        `(ms for "ac", seconds for "aircraft")`,
      { now: rawNow },
    );
  }
  return { format, nowMs, rows };
}

function issuePaths(error: z.ZodError): string {
  const paths = [...new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(top level)'))];
  return paths.map((path) => `"${path}"`).join(', ');
}
