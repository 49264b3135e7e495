import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROWS_PER_RESPONSE } from '../../src/feeds/adsbx-v2-envelope.js';
import { bulkAircraftRows, startBulkFeedServer, type BulkFeedServer } from '../support/bulk-feed-server.js';
import type { HeapPeak } from '../support/heap-peak.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The heap `npm start` gives the worker (package.json). */
const HEAP_MIB = 256;
const MAX_RESPONSE_BYTES = 8_000_000; // feeds.maxResponseBytes' default
const AT_CAP = 5;
const TYPE_CAP = 5000; // feeds.maxTypeAircraftPerCycle's default

const mib = (bytes: number) => Math.round(bytes / 104_857.6) / 10;

let database: TestDatabase;
const servers: BulkFeedServer[] = [];

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  peak: HeapPeak | null;
  /** The largest heap in use before a garbage collection, from --trace-gc (MiB). */
  gcPeakMiB: number;
}

/** `tailwatch poll --once` from source in a child process with the worker's heap limit, its peaks measured. */
async function pollOnceInChild(configFile: string): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tailwatch-heap-'));
  const heapFile = join(dir, 'heap.json');
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MIB}`,
      '--no-memory-reducer',
      '--trace-gc',
      '--import',
      'tsx',
      '--import',
      './test/support/heap-peak.ts',
      'test/support/cli-entry.ts',
      '--config',
      configFile,
      'poll',
      '--once',
    ],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TAILWATCH_TEST_HEAP_FILE: heapFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 170_000);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
  );
  clearTimeout(guard);
  const peak = existsSync(heapFile) ? (JSON.parse(readFileSync(heapFile, 'utf8')) as HeapPeak) : null;
  // --trace-gc: "[pid:0x…]  1234 ms: Mark-Compact 180.2 (200.1) -> 150.3 (190.0) MB, …"
  const before = [...stdout.matchAll(/: (?:Scavenge|Mark-Compact)[^\d]*?([\d.]+) \([\d.]+\) ->/g)].map((m) =>
    Number(m[1]),
  );
  return { code, signal, stdout, stderr, peak, gcPeakMiB: Math.max(0, ...before) };
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await database.drop();
});

describe('five responses at the caps in one poll, in a worker with a 256 MiB heap', () => {
  it('five 8 MB responses of 30,000 different aircraft: tracks up to the type cap, refuses over-cap ones', async () => {
    // Five providers, each answering /type/IL76 with 30,000 aircraft of its own in exactly feeds.maxResponseBytes:
    // 150,000 different "Il-76s" in one cycle, as a hostile provider could send. Tracking them all took 555 MiB
    // of heap; the cycle tracks feeds.maxTypeAircraftPerCycle of them and counts the rest.
    for (let p = 0; p < AT_CAP; p += 1) {
      const rowsJson = bulkAircraftRows(MAX_ROWS_PER_RESPONSE, 0x100000 + p * MAX_ROWS_PER_RESPONSE, 'IL76');
      servers.push(
        await startBulkFeedServer({ rowsJson, rowCount: MAX_ROWS_PER_RESPONSE, bodyBytes: MAX_RESPONSE_BYTES }),
      );
    }
    // One byte over the byte cap; one row over the row cap (short rows, well under the byte cap).
    const overBytes = await startBulkFeedServer({
      rowsJson: bulkAircraftRows(MAX_ROWS_PER_RESPONSE, 0x600000, 'IL76'),
      rowCount: MAX_ROWS_PER_RESPONSE,
      bodyBytes: MAX_RESPONSE_BYTES + 1,
    });
    const overRows = await startBulkFeedServer({
      rowsJson: bulkAircraftRows(MAX_ROWS_PER_RESPONSE + 1, 0x700000, 'IL76', false),
      rowCount: MAX_ROWS_PER_RESPONSE + 1,
      bodyBytes: MAX_RESPONSE_BYTES - 1_000_000,
    });
    servers.push(overBytes, overRows);
    const dir = mkdtempSync(join(tmpdir(), 'tailwatch-heap-'));
    const configFile = join(dir, 'tailwatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        database: { url: database.url },
        log: { level: 'info', format: 'json' },
        feeds: {
          urls: servers.map((server) => server.url),
          watchTypes: ['IL76'],
          maxResponseBytes: MAX_RESPONSE_BYTES,
          retries: 0,
          timeoutMs: 60_000,
        },
        watch: { airports: [] },
      }),
    );

    const run = await pollOnceInChild(configFile);
    const figures = {
      code: run.code,
      signal: run.signal,
      peakHeapUsedMiB: run.peak && mib(run.peak.heapUsed),
      peakRssMiB: run.peak && mib(run.peak.rss),
      gcPeakMiB: run.gcPeakMiB,
    };
    console.log(`poll --once, ${AT_CAP} responses at the caps: ${JSON.stringify(figures)}`);
    expect(run.stderr).not.toMatch(/heap out of memory|Allocation failed/);
    expect({ code: run.code, signal: run.signal }, run.stderr.slice(-3000)).toEqual({ code: 0, signal: null });
    expect(run.peak).not.toBeNull();
    // Headroom: at most 90 % of the heap at the peak (230 MiB). Holding every response's decoded JSON to the end of
    // the cycle peaked at 238 MiB here; letting go of it as each response is parsed, at 200 MiB.
    expect(run.peak!.heapUsed).toBeLessThan(0.9 * HEAP_MIB * 1024 * 1024);

    // Every provider was asked its one /type/ request; the five at the caps answered, the two over them failed,
    // each with the cap it broke named, and the cycle went on with the rest.
    for (const server of servers) expect(server.requests).toContain('/type/IL76');
    const lines = run.stdout.split('\n').filter((line) => !line.startsWith('['));
    const tracked = TYPE_CAP;
    const sightings = AT_CAP * MAX_ROWS_PER_RESPONSE;
    expect(lines[0]).toMatch(new RegExp(`^cycle \\d+: ok; ${sightings} sightings, ${tracked} positions stored`));
    expect(lines[0]).toContain(`"over_type_cap":${sightings - tracked}`);
    const providerLine = (server: BulkFeedServer) =>
      lines.find((line) => line.includes(`provider ${new URL(server.url).host}:`)) ?? '';
    for (const server of servers.slice(0, AT_CAP)) expect(providerLine(server)).toMatch(/: ok, 1 of 1 answered$/);
    expect(providerLine(overBytes)).toContain(
      `failed, 0 of 1 answered (FEED_RESPONSE_TOO_LARGE: 127.0.0.1:${new URL(overBytes.url).port} /type/IL76: ` +
        `response larger than ${MAX_RESPONSE_BYTES} bytes, refused.`,
    );
    expect(providerLine(overRows)).toContain(
      `failed, 0 of 1 answered (FEED_RESPONSE_TOO_LARGE: The feed 127.0.0.1:${new URL(overRows.url).port} sent ` +
        `${MAX_ROWS_PER_RESPONSE + 1} aircraft in one response, more than the cap of ${MAX_ROWS_PER_RESPONSE} rows`,
    );
    const stored = await sql<{ n: number; hexes: number }>`
        SELECT count(*)::int AS n, count(DISTINCT hex)::int AS hexes FROM positions`.execute(database.db);
    expect(stored.rows[0]).toEqual({ n: tracked, hexes: tracked });
  }, 180_000);
});
