import type { ErrorCode } from '../errors/error-codes.js';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import type { MatchedBy } from '../shared/matched-by.js';
import type { FeedClient, FeedFetchResult } from './feed-client.js';
import type { PlannedRequest } from './feed-query-plan.js';
import { parseEnvelopeRows, type ParsedResponse } from './feed-response-parser.js';
import { formatRecordedLine } from './recorded-line.js';

/** One answered request: its sightings (parsed from the envelope the client validated), and the raw answer. */
export interface SnapshotResponse extends ParsedResponse {
  provider: string;
  path: string;
  purpose: MatchedBy;
  status: number;
  /** The decoded JSON as received, for the recording (`poll --record`). */
  body: unknown;
  fetchedAtMs: number;
}

export interface SnapshotError {
  path: string;
  purpose: MatchedBy;
  code: ErrorCode;
  message: string;
}

export interface FeedSnapshot {
  /** In plan order (then provider order in fan-out mode), whatever order they completed in. */
  responses: SnapshotResponse[];
  /** Requests no provider could answer. The poll goes on with the rest. */
  errors: SnapshotError[];
  /** HTTP requests actually sent, retries and failovers included (what the providers' quotas see). */
  requestCount: number;
}

export interface FetchSnapshotHooks {
  /**
   * Called once per response, in plan order, with one JSONL line (no newline) for `poll --record FILE`.
   * Awaited; its errors propagate.
   */
  onRawResponse?: (line: string) => void | Promise<void>;
  /**
   * 'failover' (default): each request is answered by the first provider that can.
   * 'fan-out': each request goes to every provider and all answers are kept; providers hear different
   * receivers, so this fills coverage holes (fewer false gaps) at the cost of one request per provider.
   * A request is an error only when every provider failed.
   */
  mode?: 'failover' | 'fan-out';
  /** Positions older than this many seconds are dropped as stale_position (see parseEnvelopeRows). */
  maxPositionAgeS?: number;
}

/** Parses an answer's rows as it arrives: its envelope was validated once, by the client (requestFeedJson). */
function toResponse(request: PlannedRequest, result: FeedFetchResult, hooks: FetchSnapshotHooks): SnapshotResponse {
  return {
    ...parseEnvelopeRows(result.envelope, result.provider, { maxPositionAgeS: hooks.maxPositionAgeS }),
    provider: result.provider,
    path: request.path,
    purpose: request.purpose,
    ...(request.probeFor !== undefined ? { probe: true } : {}),
    status: result.status,
    body: result.body,
    fetchedAtMs: result.fetchedAtMs,
  };
}

function attemptsOf(error: TailwatchError): number {
  return typeof error.details.attempts === 'number' ? error.details.attempts : 0;
}

interface RequestOutcome {
  responses: SnapshotResponse[];
  error: SnapshotError | null;
  attempts: number;
}

async function runFailover(
  request: PlannedRequest,
  client: FeedClient,
  hooks: FetchSnapshotHooks,
): Promise<RequestOutcome> {
  try {
    const result = await client.get(request.path);
    return { responses: [toResponse(request, result, hooks)], error: null, attempts: result.attempts };
  } catch (error) {
    if (!isTailwatchError(error)) throw error;
    return {
      responses: [],
      error: { path: request.path, purpose: request.purpose, code: error.code, message: error.message },
      attempts: attemptsOf(error),
    };
  }
}

async function runFanOut(
  request: PlannedRequest,
  client: FeedClient,
  hooks: FetchSnapshotHooks,
): Promise<RequestOutcome> {
  const settled = await Promise.all(
    client.providers.map(async (provider) => {
      try {
        return { result: await client.getFrom(provider.name, request.path), error: null };
      } catch (error) {
        if (!isTailwatchError(error)) throw error;
        return { result: null, error };
      }
    }),
  );
  const responses = settled.flatMap((item) => (item.result ? [toResponse(request, item.result, hooks)] : []));
  const attempts = settled.reduce(
    (sum, item) => sum + (item.result ? item.result.attempts : item.error ? attemptsOf(item.error) : 0),
    0,
  );
  const failures = settled.flatMap((item) =>
    item.error ? [`${String(item.error.details.provider ?? '?')}: ${item.error.code}`] : [],
  );
  const error: SnapshotError | null =
    responses.length > 0
      ? null
      : {
          path: request.path,
          purpose: request.purpose,
          code: 'FEED_ALL_PROVIDERS_FAILED',
          message:
            `All ${settled.length} feed provider(s) failed for ${request.path} (${failures.join('; ')}). ` +
            `It will be asked again next poll.`,
        };
  return { responses, error, attempts };
}

/**
 * Runs every planned request of one poll and parses each answer into sightings as it arrives: the
 * responses are what the pipeline takes (see sightingsFromResponses). Requests start together; each
 * provider's rate limiter spaces them, so requests to different providers (failovers, fan-out) run
 * concurrently. Never throws for feed failures: they are listed in `errors`.
 */
export async function fetchSnapshot(
  plan: readonly PlannedRequest[],
  client: FeedClient,
  hooks: FetchSnapshotHooks = {},
): Promise<FeedSnapshot> {
  const run = hooks.mode === 'fan-out' ? runFanOut : runFailover;
  const outcomes = await Promise.all(plan.map((request) => run(request, client, hooks)));
  const snapshot: FeedSnapshot = { responses: [], errors: [], requestCount: 0 };
  for (const outcome of outcomes) {
    snapshot.responses.push(...outcome.responses);
    if (outcome.error) snapshot.errors.push(outcome.error);
    snapshot.requestCount += outcome.attempts;
  }
  if (hooks.onRawResponse) {
    for (const response of snapshot.responses) {
      await hooks.onRawResponse(
        formatRecordedLine({
          provider: response.provider,
          path: response.path,
          purpose: response.purpose,
          fetchedAtMs: response.fetchedAtMs,
          probe: response.probe === true,
          response: response.body,
        }),
      );
    }
  }
  return snapshot;
}
