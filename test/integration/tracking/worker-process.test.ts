import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let server: FeedServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startFeedServer();
  server.world.set({
    nowMs: Date.UTC(2025, 9, 28, 15, 30),
    aircraft: [
      {
        hex: '1533ad',
        lat: 15,
        lon: -75,
        alt: 33000,
        gs: 430,
        track: 300,
        flight: 'AZS8765',
        r: 'RA-78765',
        t: 'IL76',
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

interface Finished {
  code: number | null;
  lines: Array<Record<string, unknown>>;
  stdout: string;
}

/** Starts `tailwatch run` as a real process, lets it poll, then sends a signal once `stopWhen` holds. */
function runWorker(
  env: Record<string, string>,
  stopWhen: (lines: Array<Record<string, unknown>>) => boolean,
  signal: NodeJS.Signals,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli-entry.ts', 'run'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const lines: Array<Record<string, unknown>> = [];
    let signalled = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('{')) continue;
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      if (!signalled && stopWhen(lines)) {
        signalled = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, lines, stdout });
    });
  });
}

describe('tailwatch run (a real worker process)', () => {
  it('migrates, polls on POLL_SCHEDULE, picks up list edits at the next poll, and stops cleanly on SIGTERM', async () => {
    const env = {
      DATABASE_URL: database.url,
      FEED_URLS: server.url,
      POLL_SCHEDULE: '* * * * * *',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      WATCH_AIRPORTS: 'MUHA',
    };
    let added = false;
    const finished = await runWorker(
      env,
      (lines) => {
        const cycles = lines.filter((l) => l.msg === 'poll cycle done');
        if (cycles.length >= 1 && !added) {
          added = true;
          // An operator edits the list while the worker runs.
          void database.db
            .insertInto('airframes')
            .values({
              hex: 'abc123',
              registration: 'YV-TEST',
              type_code: null,
              operator: null,
              reason: 'test',
              source: 'test',
            })
            .execute();
        }
        return server.requests.some((r) => r.path.includes('abc123'));
      },
      'SIGTERM',
    );
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('database ready at postgresql://');
    expect(
      finished.lines.some((l) => l.msg === 'stopping: finishing the current cycle' && l.signal === 'SIGTERM'),
    ).toBe(true);
    expect(finished.lines.at(-1)?.msg).toBe('stopped');
    const hexRequests = server.requests.filter((r) => r.path.startsWith('/hex/'));
    expect(hexRequests[0]?.path).not.toContain('abc123');
    expect(hexRequests.some((r) => r.path.includes('abc123'))).toBe(true);
    const cycles = await database.db.selectFrom('poll_cycles').select(['status', 'requests']).execute();
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.every((c) => c.status === 'ok')).toBe(true);
    const positions = await database.db.selectFrom('positions').select(['hex', 'matched_by']).distinct().execute();
    expect(positions).toContainEqual({ hex: '1533ad', matched_by: 'watchlist' });
  });

  it('exits with code 2 and names the setting on a bad POLL_SCHEDULE', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli-entry.ts', 'run'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, POLL_SCHEDULE: '61 * * * *' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('poll.schedule (environment POLL_SCHEDULE');
    expect(stderr).toContain('"61 * * * *"');
  });
});
