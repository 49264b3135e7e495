import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedWorld, type WorldAircraft } from './feed-world.js';

/*
 * A local server that speaks OpenSky's protocol (../shared/docs/feeds.md §3): an OAuth2 client-credentials
 * token endpoint (POST form `grant_type=client_credentials&client_id=..&client_secret=..` -> access_token,
 * expires_in) and `GET /api/states/all?icao24=a&icao24=b` or `?lamin=&lomin=&lamax=&lomax=` with
 * `Authorization: Bearer <token>` -> `{"time": s, "states": [[...]] | null}`, metres and m/s, from a
 * FeedWorld shared with the ADSBx-v2 servers (test/support/feed-server.ts).
 */

const METRES_PER_FOOT = 0.3048;
const MS_PER_KNOT = 0.514444;
const MS_PER_FPM = 0.00508;

export interface OpenSkyServerOptions {
  world?: FeedWorld;
  clientId?: string;
  clientSecret?: string;
  /** expires_in of the tokens it hands out, seconds. Default 1800 (OpenSky's 30 minutes). */
  tokenLifetimeS?: number;
  /** Answers states requests after this many ms (benches). Default 0. */
  latencyMs?: number;
}

export interface OpenSkyRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body of a token request. */
  form: URLSearchParams | null;
  /** The status it was answered with. */
  status: number;
}

export interface OpenSkyServer {
  /** API root for feeds.opensky.apiUrl, e.g. http://127.0.0.1:PORT/api. */
  readonly apiUrl: string;
  /** Token endpoint for feeds.opensky.tokenUrl. */
  readonly tokenUrl: string;
  readonly port: number;
  readonly world: FeedWorld;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request, token requests included, in arrival order. */
  readonly requests: OpenSkyRequest[];
  /** Revokes every token handed out so far: the next states request with one gets 401. */
  revokeTokens(): void;
  /** Answers the next `times` states requests with this status (429 with X-Rate-Limit-Retry-After-Seconds). */
  failStates(status: number, times?: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

/** One aircraft as an OpenSky state vector at `timeS`. */
export function stateVector(aircraft: WorldAircraft, timeS: number): unknown[] {
  const hasPosition = aircraft.lat !== undefined && aircraft.lon !== undefined;
  const onGround = aircraft.alt === 'ground';
  const altFt = typeof aircraft.alt === 'number' ? aircraft.alt : null;
  return [
    aircraft.hex,
    aircraft.flight === undefined ? null : aircraft.flight.padEnd(8, ' '),
    'Russian Federation',
    hasPosition ? Math.round(timeS - (aircraft.seenPos ?? 0)) : null,
    Math.round(timeS - (aircraft.seen ?? Math.min(aircraft.seenPos ?? 0, 0.3))),
    aircraft.lon ?? null,
    aircraft.lat ?? null,
    altFt === null ? null : altFt * METRES_PER_FOOT,
    onGround,
    aircraft.gs === undefined ? null : aircraft.gs * MS_PER_KNOT,
    aircraft.track ?? null,
    aircraft.baroRate === undefined ? null : aircraft.baroRate * MS_PER_FPM,
    null,
    altFt === null ? null : altFt * METRES_PER_FOOT + 60,
    aircraft.squawk ?? null,
    false,
    0,
  ];
}

/** Starts the server on 127.0.0.1 (port 0); always `await server.close()`. */
export async function startOpenSkyServer(options: OpenSkyServerOptions = {}): Promise<OpenSkyServer> {
  const world = options.world ?? new FeedWorld(Date.UTC(2025, 9, 28, 12, 0, 0));
  const clientId = options.clientId ?? 'tailwatch-api-client';
  const clientSecret = options.clientSecret ?? 'opensky-test-secret';
  const tokens = new Set<string>();
  const requests: OpenSkyRequest[] = [];
  const failures: Array<{ status: number; retryAfterSeconds: number | undefined }> = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record: OpenSkyRequest = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        form: null,
        status: 0,
      };
      requests.push(record);
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/token') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        record.form = form;
        const good =
          form.get('grant_type') === 'client_credentials' &&
          form.get('client_id') === clientId &&
          form.get('client_secret') === clientSecret;
        if (!good) return reply(401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
        const token = randomBytes(12).toString('hex');
        tokens.add(token);
        return reply(200, {
          access_token: token,
          expires_in: options.tokenLifetimeS ?? 1800,
          token_type: 'Bearer',
          scope: 'profile email',
        });
      }
      if (req.method === 'GET' && url.pathname === '/api/states/all') {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (bearer === undefined || !tokens.has(bearer)) return reply(401, { message: 'Unauthorized' });
        const failure = failures.shift();
        if (failure !== undefined) {
          const headers: Record<string, string> =
            failure.retryAfterSeconds === undefined
              ? {}
              : { 'x-rate-limit-retry-after-seconds': String(failure.retryAfterSeconds) };
          return reply(failure.status, { message: `HTTP ${failure.status}` }, headers);
        }
        const timeS = Math.floor(world.nowMs / 1000);
        const states = selected(world.aircraft, url.searchParams).map((aircraft) => stateVector(aircraft, timeS));
        const answer = () => reply(200, { time: timeS, states: states.length === 0 ? null : states });
        if (options.latencyMs) setTimeout(answer, options.latencyMs);
        else answer();
        return;
      }
      return reply(404, { message: `No route ${req.method} ${url.pathname}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    port,
    world,
    clientId,
    clientSecret,
    requests,
    revokeTokens: () => tokens.clear(),
    failStates: (status, times = 1, retryAfterSeconds) => {
      for (let i = 0; i < times; i += 1) failures.push({ status, retryAfterSeconds });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The aircraft an `icao24=` or bounding-box query selects (neither: all of them). */
function selected(aircraft: readonly WorldAircraft[], query: URLSearchParams): WorldAircraft[] {
  const icao24 = query.getAll('icao24').map((hex) => hex.toLowerCase());
  let list = icao24.length > 0 ? aircraft.filter((a) => icao24.includes(a.hex.toLowerCase())) : [...aircraft];
  if (query.has('lamin')) {
    const [lamin, lomin, lamax, lomax] = ['lamin', 'lomin', 'lamax', 'lomax'].map((key) => Number(query.get(key)));
    list = list.filter(
      (a) =>
        a.lat !== undefined &&
        a.lon !== undefined &&
        a.lat >= lamin! &&
        a.lat <= lamax! &&
        a.lon >= lomin! &&
        a.lon <= lomax!,
    );
  }
  return list;
}
