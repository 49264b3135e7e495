import type { ErrorCode } from '../errors/error-codes.js';
import { TailwatchError, isTailwatchError } from '../errors/tailwatch-error.js';
import type { MatchedBy } from '../shared/matched-by.js';
import type { FeedClient, FeedFetchResult } from './feed-client.js';
import type { PlannedRequest } from './feed-query-plan.js';
import { feedFailureReason, type ProviderFailure } from './feed-failure-reason.js';
import { parseEnvelopeRows, type ParsedResponse } from './feed-response-parser.js';
import { planForProvider, providerSupports } from './provider-plan.js';
import { isRetryableError } from './retry-policy.js';
import { formatRecordedLine } from './recorded-line.js';

/** One answered request: its sightings (parsed from the envelope the client validated), and the raw answer. */
export interface SnapshotResponse extends ParsedResponse {
  provider: string;
  path: string;
  purpose: MatchedBy;
  /** The hexes asked for (watchlist requests only). */
  hexes?: readonly string[];
  status: number;
  fetchedAtMs: number;
  /**
   * The response's line for the recording (`poll --record`), made as it arrived; only when recording. The
   * decoded JSON itself is not kept: a response's rows as objects take several times its bytes on the heap,
   * and holding every response's until the cycle ends is what ran five 8 MB answers out of a 256 MB heap.
   */
  recordedLine?: string;
}

export interface SnapshotError {
  path: string;
  purpose: MatchedBy;
  code: ErrorCode;
  message: string;
  /** Why, in a few printable words (see feedFailureReason). */
  reason?: string;
  /**
   * FEED_ALL_PROVIDERS_FAILED: each provider asked, with its error code and the reason in a few printable words
   * (DNS, connection refused, TLS, timeout, HTTP status, a cap...), as the message lists them.
   */
  failures?: ProviderFailure[];
}

/**
 * How one provider fared in one snapshot: what the pipeline (and a verdict on a silence) needs to tell a
 * provider that answered and heard nothing from one that did not answer.
 */
export interface ProviderCycleStatus {
  provider: string;
  /**
   * 'ok': every request asked of it was answered; 'partial': some were; 'failed': none was; 'skipped': it
   * was asked nothing this cycle (not due, see FeedProvider.cycleIntervalMs, or no route it supports, or
   * not needed in failover mode).
   */
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  /** Requests asked of it (its own batches in fan-out mode). */
  requests: number;
  answered: number;
  failed: number;
  /** HTTP requests sent to it, retries included. */
  attempts: number;
  /**
   * Its failures, one per request that failed. After a FEED_ACCESS_DENIED, or a request still failing after
   * its retries (timeouts, resets, 429/5xx), its other requests are not sent and carry that same error.
   */
  errors: SnapshotError[];
}

export interface FeedSnapshot {
  /**
   * Failover mode: in plan order. Fan-out mode: in provider order, each provider's in its own plan order.
   * Whatever order they completed in.
   */
  responses: SnapshotResponse[];
  /** Requests no provider could answer (in fan-out mode: no provider answered all of it). The poll goes on. */
  errors: SnapshotError[];
  /** HTTP requests actually sent, retries and failovers included (what the providers' quotas see). */
  requestCount: number;
  /** Every configured provider, in provider order, with how it fared. */
  providers: ProviderCycleStatus[];
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
  /**
   * Fan-out only: ask exactly these providers (by name), whether or not their turn is due, e.g. a second
   * fetch in the same cycle (coverage probes) asking the providers the cycle's first fetch asked:
   * `first.providers.filter((p) => p.status !== 'skipped').map((p) => p.provider)`. Unset: every provider
   * whose turn it is (FeedClient.takeCycleTurn).
   */
  providers?: readonly string[];
  /** Positions older than this many seconds are dropped as stale_position (see parseEnvelopeRows). */
  maxPositionAgeS?: number;
}

/**
 * Parses an answer's rows as it arrives (its envelope was validated once, by the client: requestFeedJson) and
 * lets go of the decoded JSON: only the sightings, and the recording's line when recording, stay.
 */
function toResponse(request: PlannedRequest, result: FeedFetchResult, hooks: FetchSnapshotHooks): SnapshotResponse {
  const probe = request.probeFor !== undefined;
  return {
    ...parseEnvelopeRows(result.envelope, result.provider, { maxPositionAgeS: hooks.maxPositionAgeS }),
    provider: result.provider,
    path: request.path,
    purpose: request.purpose,
    ...(probe ? { probe: true } : {}),
    ...(request.hexes === undefined ? {} : { hexes: request.hexes }),
    status: result.status,
    fetchedAtMs: result.fetchedAtMs,
    ...(hooks.onRawResponse === undefined
      ? {}
      : {
          recordedLine: formatRecordedLine({
            provider: result.provider,
            path: request.path,
            purpose: request.purpose,
            fetchedAtMs: result.fetchedAtMs,
            probe,
            response: result.body,
          }),
        }),
  };
}

function attemptsOf(error: TailwatchError): number {
  return typeof error.details.attempts === 'number' ? error.details.attempts : 0;
}

function snapshotError(request: PlannedRequest, error: TailwatchError): SnapshotError {
  return {
    path: request.path,
    purpose: request.purpose,
    code: error.code,
    message: error.message,
    reason: feedFailureReason(error),
  };
}

/** One provider's tally during a snapshot. */
class ProviderTally {
  readonly status: ProviderCycleStatus;
  /**
   * Set when the provider refused access (FEED_ACCESS_DENIED) or was still unreachable after its retries
   * (an error whose action is 'retry': timeouts, resets, 429/5xx): its remaining requests of the snapshot
   * are not sent, so one provider that is down costs the cycle one request's retries, not every request's.
   */
  down: TailwatchError | null = null;

  constructor(name: string) {
    this.status = { provider: name, status: 'skipped', requests: 0, answered: 0, failed: 0, attempts: 0, errors: [] };
  }

  /** One request to this provider: its result, or its error (never thrown for a feed failure). */
  async ask(client: FeedClient, request: PlannedRequest): Promise<FeedFetchResult | TailwatchError> {
    this.status.requests += 1;
    if (this.down !== null) {
      this.status.failed += 1;
      this.status.errors.push(snapshotError(request, this.down));
      return this.down;
    }
    try {
      const result = await client.getFrom(this.status.provider, request.path);
      this.status.answered += 1;
      this.status.attempts += result.attempts;
      return result;
    } catch (error) {
      if (!isTailwatchError(error)) throw error;
      this.status.failed += 1;
      this.status.attempts += attemptsOf(error);
      this.status.errors.push(snapshotError(request, error));
      if (error.code === 'FEED_ACCESS_DENIED' || isRetryableError(error)) this.down = error;
      return error;
    }
  }

  finish(): ProviderCycleStatus {
    const s = this.status;
    s.status = s.requests === 0 ? 'skipped' : s.failed === 0 ? 'ok' : s.answered === 0 ? 'failed' : 'partial';
    return s;
  }
}

/** One provider's failure as a summary lists it. */
function failureOf(provider: string, error: TailwatchError): ProviderFailure {
  return { provider, code: error.code, reason: feedFailureReason(error) };
}

/** `adsb.lol: FEED_TIMEOUT (timeout: no complete answer within 10000 ms); ...` */
export function describeFailures(failures: readonly ProviderFailure[]): string {
  return failures.map((f) => `${f.provider}: ${f.code} (${f.reason})`).join('; ');
}

function allFailedError(request: PlannedRequest, failures: readonly ProviderFailure[], asked: number): SnapshotError {
  return {
    path: request.path,
    purpose: request.purpose,
    code: 'FEED_ALL_PROVIDERS_FAILED',
    message:
      asked === 0
        ? `No configured feed provider could be asked ${request.path} this cycle ` +
          `(none supports the route, or none was due). Check FEED_URLS and feeds.watchTypes.`
        : `All ${asked} feed provider(s) asked failed for ` +
          `${request.path.length > 80 ? `${request.path.slice(0, 77)}...` : request.path} ` +
          `(${describeFailures(failures)}). It will be asked again next poll; if this persists, check ` +
          `network access and FEED_URLS.`,
    failures: [...failures],
  };
}

/** Failover: each request goes to the providers in order until one answers. Requests run concurrently. */
async function runFailover(
  plan: readonly PlannedRequest[],
  client: FeedClient,
  tallies: readonly ProviderTally[],
  hooks: FetchSnapshotHooks,
): Promise<Pick<FeedSnapshot, 'responses' | 'errors'>> {
  const outcomes = await Promise.all(
    plan.map(async (request) => {
      const failures: ProviderFailure[] = [];
      let asked = 0;
      for (const [index, provider] of client.providers.entries()) {
        if (!providerSupports(provider, request)) continue;
        asked += 1;
        const outcome = await tallies[index]!.ask(client, request);
        if (!(outcome instanceof TailwatchError)) return { response: toResponse(request, outcome, hooks), error: null };
        failures.push(failureOf(provider.name, outcome));
      }
      return { response: null, error: allFailedError(request, failures, asked) };
    }),
  );
  return {
    responses: outcomes.flatMap((o) => (o.response ? [o.response] : [])),
    errors: outcomes.flatMap((o) => (o.error ? [o.error] : [])),
  };
}

/**
 * Fan-out: every provider due this cycle is asked its own plan (planForProvider), one request at a time
 * (its rate limiter spaces them; adsb.lol answers parallel requests 429), providers concurrently. A planned
 * request is an error only when no provider answered all of it.
 */
async function runFanOut(
  plan: readonly PlannedRequest[],
  client: FeedClient,
  tallies: readonly ProviderTally[],
  hooks: FetchSnapshotHooks,
): Promise<Pick<FeedSnapshot, 'responses' | 'errors'>> {
  const perProvider = await Promise.all(
    client.providers.map(async (provider, index) => {
      const due = hooks.providers ? hooks.providers.includes(provider.name) : client.takeCycleTurn(provider.name);
      const own = due ? planForProvider(plan, provider) : [];
      const asked = new Coverage();
      const answered = new Coverage();
      const failures = new Map<string, ProviderFailure>(); // hex or path -> the provider's failure
      const responses: SnapshotResponse[] = [];
      for (const request of own) {
        asked.add(request);
        const outcome = await tallies[index]!.ask(client, request);
        if (outcome instanceof TailwatchError) {
          const failure = failureOf(provider.name, outcome);
          for (const key of request.hexes ?? [request.path]) failures.set(key, failure);
        } else {
          answered.add(request);
          responses.push(toResponse(request, outcome, hooks));
        }
      }
      return { provider, asked, answered, failures, responses };
    }),
  );
  const errors: SnapshotError[] = [];
  for (const request of plan) {
    let asked = 0;
    let covered = false;
    const failures = new Set<ProviderFailure>();
    for (const p of perProvider) {
      if (!p.asked.overlaps(request)) continue;
      asked += 1;
      if (p.answered.holds(request)) covered = true;
      for (const key of request.hexes ?? [request.path]) {
        const failure = p.failures.get(key);
        if (failure !== undefined) failures.add(failure);
      }
    }
    if (!covered) errors.push(allFailedError(request, [...failures], asked));
  }
  return { responses: perProvider.flatMap((p) => p.responses), errors };
}

/** The hexes and routes of some requests, to tell whether a planned request was asked or answered. */
class Coverage {
  private readonly hexes = new Set<string>();
  private readonly paths = new Set<string>();

  add(request: PlannedRequest): void {
    if (request.hexes === undefined) this.paths.add(request.path);
    else for (const hex of request.hexes) this.hexes.add(hex);
  }

  /** Some of the request (a hex of it, or its route). */
  overlaps(request: PlannedRequest): boolean {
    return request.hexes === undefined
      ? this.paths.has(request.path)
      : request.hexes.some((hex) => this.hexes.has(hex));
  }

  /** All of the request (every hex of it, or its route). */
  holds(request: PlannedRequest): boolean {
    return request.hexes === undefined
      ? this.paths.has(request.path)
      : request.hexes.every((hex) => this.hexes.has(hex));
  }
}

/**
 * Runs every planned request of one poll and parses each answer into sightings as it arrives: the
 * responses are what the pipeline takes (see sightingsFromResponses). Each provider's rate limiter spaces
 * its requests; different providers are asked concurrently. Never throws for feed failures: they are
 * listed in `errors` (per planned request) and in `providers` (per provider).
 */
export async function fetchSnapshot(
  plan: readonly PlannedRequest[],
  client: FeedClient,
  hooks: FetchSnapshotHooks = {},
): Promise<FeedSnapshot> {
  const tallies = client.providers.map((provider) => new ProviderTally(provider.name));
  const run = hooks.mode === 'fan-out' ? runFanOut : runFailover;
  const { responses, errors } = await run(plan, client, tallies, hooks);
  const providers = tallies.map((tally) => tally.finish());
  const snapshot: FeedSnapshot = {
    responses,
    errors,
    requestCount: providers.reduce((sum, p) => sum + p.attempts, 0),
    providers,
  };
  if (hooks.onRawResponse) {
    for (const response of snapshot.responses) {
      if (response.recordedLine !== undefined) await hooks.onRawResponse(response.recordedLine);
      delete response.recordedLine;
    }
  }
  return snapshot;
}
