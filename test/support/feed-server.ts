import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DEFAULT_WRONG_TYPES, FaultPlan, type FaultRule, type FeedFault } from './feed-faults.js';
import { aircraftRow, answerRoute, FeedWorld } from './feed-world.js';

export interface FeedServerOptions {
  /** The world to serve; share one between servers to have two providers list the same aircraft. */
  world?: FeedWorld;
  /** Path prefix of the API, default /v2 (so the provider URL is http://127.0.0.1:PORT/v2). */
  basePath?: string;
  /** Gzip bodies when the client accepts it, like the real providers. Default false. */
  gzip?: boolean;
}

export interface ReceivedRequest {
  /** Route path after the base path, e.g. /hex/1533ad. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Wall clock (performance.now) at arrival: only to check request spacing. */
  atMs: number;
}

export interface FeedServer {
  /** Provider base URL, e.g. http://127.0.0.1:41234/v2. */
  readonly url: string;
  readonly port: number;
  readonly world: FeedWorld;
  readonly requests: ReceivedRequest[];
  /** Adds a fault rule (or one fault for every request). */
  inject(rule: FaultRule | FeedFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1 (port 0) serving ADSBx-v2 responses from a FeedWorld through
 * the real routes, with faults on cue. Use in integration tests; always `await server.close()`.
 */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const world = options.world ?? new FeedWorld(Date.UTC(2025, 9, 28, 12, 0, 0));
  const basePath = options.basePath ?? '/v2';
  const faults = new FaultPlan();
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const routePath = pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname;
    requests.push({ path: routePath, headers: req.headers, atMs: performance.now() });
    const fault = faults.take(routePath);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) serve(req, res, routePath, null);
      }, fault.ms);
      timers.add(timer);
      return;
    }
    serve(req, res, routePath, fault);
  });

  function serve(req: IncomingMessage, res: ServerResponse, routePath: string, fault: FeedFault | null): void {
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers).end(fault.body ?? JSON.stringify({ msg: `HTTP ${fault.status}` }));
      return;
    }
    if (fault?.kind === 'redirect') {
      res.writeHead(fault.status ?? 302, { location: fault.location }).end();
      return;
    }
    if (fault?.kind === 'empty') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end();
      return;
    }
    if (fault?.kind === 'malformed') {
      send(req, res, 200, '{"ac":[{"hex":"1533ad",,}],"now":');
      return;
    }
    if (fault?.kind === 'oversized') {
      streamOversized(res, world.nowMs, fault.bytes ?? 50 * 1024 * 1024);
      return;
    }
    const answer = answerRoute(world, routePath);
    let body = answer.body;
    if (fault?.kind === 'wrong-types' && Array.isArray(body.ac)) {
      const fields = fault.fields ?? DEFAULT_WRONG_TYPES;
      body = { ...body, ac: (body.ac as Record<string, unknown>[]).map((row) => ({ ...row, ...fields })) };
    }
    let text = JSON.stringify(body);
    if (fault?.kind === 'truncated') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    send(req, res, answer.status, text);
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (options.gzip === true && acceptsGzip) {
      const zipped = gzipSync(text);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(zipped.length),
      });
      res.end(zipped);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    port,
    world,
    requests,
    inject(rule) {
      faults.add('fault' in rule ? rule : { fault: rule });
    },
    clearFaults() {
      faults.clear();
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Streams a JSON-looking body of `bytes` bytes in 64 KiB chunks (chunked encoding), stopping if the client goes
 * away.
 */
function streamOversized(res: ServerResponse, nowMs: number, bytes: number): void {
  const row = JSON.stringify(aircraftRow({ hex: 'abcdef', lat: 1, lon: 1, alt: 1000 }));
  const head = `{"msg":"No error","now":${nowMs},"ctime":${nowMs},"ptime":0,"ac":[`;
  const chunk = Buffer.from(`${row},`.repeat(Math.ceil(65_536 / (row.length + 1))));
  function* body(): Generator<Buffer> {
    yield Buffer.from(head);
    let sent = head.length;
    while (sent < bytes) {
      yield chunk;
      sent += chunk.length;
    }
    yield Buffer.from(`${row}]}`);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  const stream = Readable.from(body());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
