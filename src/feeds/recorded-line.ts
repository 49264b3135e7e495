import { z } from 'zod';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import { cleanText } from '../shared/clean-text.js';
import { MATCHED_BY, type MatchedBy } from '../shared/matched-by.js';
import { parseFeedEnvelope, type FeedEnvelope } from './adsbx-v2-envelope.js';
import {
  parseEnvelopeRows,
  UNKNOWN_PROVIDER_SOURCE,
  type ParseFeedOptions,
  type ParsedResponse,
} from './feed-response-parser.js';

/**
 * One recorded feed response: the JSONL line format that `poll --record FILE` appends and
 * `replay FILE` reads, one response per line:
 *   {"provider":"adsb.lol","path":"/hex/1533ad","purpose":"watchlist","fetchedAtMs":1761670000123,
 *    "response":{"ac":[...],"now":...}}
 *   (shown wrapped here; a recorded line has no newline inside)
 * Replay also accepts a bare ADSBx-v2 response (or readsb aircraft.json) per line; provider, path and
 * purpose are then null and the purpose is inferred per aircraft (see sightingsFromResponses).
 * A coverage probe (a `/point` around a silent aircraft's expected position) carries `"probe":true`;
 * its aircraft are matched as those of a bare response (only listed, watched-type or watched-area
 * aircraft are kept), and it is evidence for the gap verdicts (pipeline/coverage-evidence.ts).
 */
export interface RecordedResponse {
  provider: string | null;
  path: string | null;
  purpose: MatchedBy | null;
  fetchedAtMs: number | null;
  /** A coverage probe (see above); false for every other line. */
  probe: boolean;
  response: unknown;
}

const recordedLineSchema = z.object({
  provider: z.string().min(1),
  path: z.string().startsWith('/').nullable().optional(),
  purpose: z
    .enum(MATCHED_BY as [MatchedBy, ...MatchedBy[]])
    .nullable()
    .optional(),
  fetchedAtMs: z.number().nullable().optional(),
  probe: z.boolean().optional(),
  response: z.unknown(),
});

/** One JSONL line (no trailing newline) for a response. */
export function formatRecordedLine(record: {
  provider: string;
  path: string;
  purpose: MatchedBy;
  fetchedAtMs?: number | null;
  probe?: boolean;
  response: unknown;
}): string {
  return JSON.stringify({
    provider: record.provider,
    path: record.path,
    purpose: record.purpose,
    fetchedAtMs: record.fetchedAtMs ?? null,
    ...(record.probe === true ? { probe: true } : {}),
    response: record.response,
  });
}

const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replace(/\u0000/g, '\uFFFD') : text);

function badLine(lineNo: number, problem: string, cause?: unknown): TailwatchError {
  return new TailwatchError(
    'REPLAY_BAD_LINE',
    `Line ${lineNo}: ${problem}. Each line must be one JSON object: a recorded response ` +
      `{"provider","path","purpose","response"} as written by \`poll --record\`, ` +
      `or a bare ADSBx-v2 response {"ac":[...],"now":...}.`,
    { lineNo },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Parses one line of a recording. Returns null for a blank line; throws REPLAY_BAD_LINE (with the line
 * number) for anything else that is not a usable response. Pure.
 */
export function parseRecordedLine(text: string, lineNo: number): RecordedResponse | null {
  return decodeRecordedLine(text, lineNo)?.record ?? null;
}

/**
 * Reads one line of a recording into the sightings of its response, as `replay` takes them: the same
 * envelope check (parseFeedEnvelope, once) and row parsing as a live fetch. Returns null for a blank
 * line; throws REPLAY_BAD_LINE (with the line number) for a line that is not a usable response. Pure.
 */
export function readRecordedResponse(
  text: string,
  lineNo: number,
  options: ParseFeedOptions = {},
): ParsedResponse | null {
  const decoded = decodeRecordedLine(text, lineNo);
  if (decoded === null) return null;
  const { record, envelope } = decoded;
  return {
    ...parseEnvelopeRows(envelope, record.provider ?? UNKNOWN_PROVIDER_SOURCE, options),
    provider: record.provider,
    path: record.path,
    purpose: record.purpose,
    ...(record.probe ? { probe: true } : {}),
  };
}

function decodeRecordedLine(text: string, lineNo: number): { record: RecordedResponse; envelope: FeedEnvelope } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw badLine(lineNo, `not JSON (${(error as Error).message})`, error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badLine(
      lineNo,
      `a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`,
    );
  }

  let record: RecordedResponse;
  if ('response' in value) {
    const parsed = recordedLineSchema.safeParse(value);
    if (!parsed.success) {
      const fields = [
        ...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(top level)')),
      ];
      throw badLine(lineNo, `a recorded response whose ${fields.map((f) => `"${f}"`).join(', ')} is invalid`);
    }
    // The provider and path are text from a file: they reach feed_providers, positions.source and
    // coverage_probes, so they are cleaned as a row's text is (a NUL, which PostgreSQL text cannot
    // hold, would abort the whole replay). A blank provider is an unknown one, as on a bare line.
    record = {
      provider: cleanText(parsed.data.provider),
      path: parsed.data.path === undefined || parsed.data.path === null ? null : withoutNul(parsed.data.path),
      purpose: parsed.data.purpose ?? null,
      fetchedAtMs: parsed.data.fetchedAtMs ?? null,
      probe: parsed.data.probe === true,
      response: parsed.data.response,
    };
  } else {
    record = { provider: null, path: null, purpose: null, fetchedAtMs: null, probe: false, response: value };
  }

  try {
    return { record, envelope: parseFeedEnvelope(record.response, record.provider ?? 'in the recording') };
  } catch (error) {
    if (isTailwatchError(error)) throw badLine(lineNo, error.message.replace(/\.$/, ''), error);
    throw error;
  }
}
