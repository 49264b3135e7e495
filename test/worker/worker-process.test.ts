import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redactSecrets } from '../../src/log/redact-secrets.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestWorker } from '../support/test-worker.js';
import { spawnWorker } from '../support/worker-process.js';

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

const workerConfig = () =>
  testConfig(database.url, {
    feeds: { urls: [server.url] },
    poll: { schedule: '* * * * * *' },
    watch: { airports: ['MUHA'] },
  });

async function cycleCount(): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM poll_cycles`.execute(database.db);
  return row.rows[0]!.n;
}

/** The worker's connections to the test database: its pool and its leadership connection. */
async function connectionsOf(leaderName: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = ${database.name} AND application_name IN ('tailwatch-worker', ${leaderName})`.execute(database.db);
  return row.rows[0]!.n;
}

const hexRequests = () => server.requests.filter((r) => r.path.startsWith('/hex/'));

describe('the worker (startWorker, in this process)', () => {
  it('polls on the schedule and picks up list edits at the next poll', async () => {
    const worker = await startTestWorker(workerConfig());
    try {
      // The banner names the database, password hidden.
      expect(worker.worker.banner.join('\n')).toContain(redactSecrets(database.url));
      await worker.waitFor('leader-acquired');
      await worker.waitFor('cycle-done');
      // An operator edits the list while the worker runs.
      await database.db
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
      await vi.waitFor(() => expect(hexRequests().some((r) => r.path.includes('abc123'))).toBe(true), {
        timeout: 30_000,
        interval: 20,
      });
    } finally {
      await worker.stop();
    }
    expect(hexRequests()[0]?.path).not.toContain('abc123');
    expect(worker.of('cycle-done').every((e) => e.status === 'ok')).toBe(true);
    expect(worker.of('cycle-failed')).toEqual([]);
    const cycles = await database.db.selectFrom('poll_cycles').select(['status', 'requests']).execute();
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.every((c) => c.status === 'ok')).toBe(true);
    const positions = await database.db.selectFrom('positions').select(['hex', 'matched_by']).distinct().execute();
    expect(positions).toContainEqual({ hex: '1533ad', matched_by: 'watchlist' });
  });

  it('stop() lets the cycle in flight commit, is idempotent, and releases the lock and the pools', async () => {
    const cyclesBefore = await cycleCount();
    const hexBefore = hexRequests().length;
    // The first cycle's watchlist request is answered only after a second: stop() comes meanwhile.
    server.inject({ fault: { kind: 'delay', ms: 1000 }, route: '/hex/', times: 1 });
    const worker = await startTestWorker(workerConfig());
    await vi.waitFor(() => expect(hexRequests().length).toBeGreaterThan(hexBefore), { timeout: 30_000, interval: 10 });
    expect(await connectionsOf(worker.leaderName)).toBeGreaterThanOrEqual(2);
    const stopping = worker.stop();
    expect(worker.stop()).toBe(stopping);
    await stopping;
    await worker.stop();

    const types = worker.events.map((e) => e.type);
    expect(types.filter((t) => t === 'stopped')).toHaveLength(1);
    expect(types.at(-1)).toBe('stopped');
    expect(types.indexOf('cycle-done')).toBeGreaterThan(types.indexOf('stopping'));
    expect(worker.of('cycle-done')).toEqual([expect.objectContaining({ status: 'ok' })]);
    expect(await cycleCount()).toBe(cyclesBefore + 1);
    await expect.poll(() => connectionsOf(worker.leaderName), { timeout: 10_000, interval: 20 }).toBe(0);
  });
});

describe('tailwatch run (a real worker process)', () => {
  it('configured from the environment: prints where the database is, polls, and exits 0 on SIGTERM', async () => {
    // Configured from the environment alone, the worker holds the feeds' `now` to its clock
    // (feeds.maxClockLagSeconds): the fake feed serves the present, as a live one does.
    server.world.set({ nowMs: Date.now(), aircraft: server.world.aircraft });
    const cyclesBefore = await cycleCount();
    const worker = spawnWorker({
      env: {
        DATABASE_URL: database.url,
        FEED_URLS: server.url,
        POLL_SCHEDULE: '* * * * * *',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        WATCH_AIRPORTS: 'MUHA',
      },
    });
    await expect.poll(cycleCount, { timeout: 60_000, interval: 50 }).toBeGreaterThan(cyclesBefore);
    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    expect(worker.stdout()).toContain(redactSecrets(database.url));
    expect(worker.logged('started')).toEqual([expect.objectContaining({ schedule: '* * * * * *' })]);
    expect(worker.logged('stopping')).toEqual([expect.objectContaining({ signal: 'SIGTERM' })]);
    expect(worker.lines.at(-1)?.workerEvent).toBe('stopped');
    const cycles = await database.db.selectFrom('poll_cycles').select('status').execute();
    expect(cycles.every((c) => c.status === 'ok')).toBe(true);
  });

  it('exits with code 2 and names the setting on a bad POLL_SCHEDULE', async () => {
    const worker = spawnWorker({ env: { DATABASE_URL: database.url, POLL_SCHEDULE: '61 * * * *' } });
    expect((await worker.exited).code).toBe(2);
    expect(worker.stderr()).toContain('poll.schedule (environment POLL_SCHEDULE');
    expect(worker.stderr()).toContain('"61 * * * *"');
  });
});
