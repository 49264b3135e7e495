import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKysely } from '../../src/db/create-kysely.js';
import type { Database } from '../../src/db/database-schema.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { migrateToLatest } from '../../src/db/run-migrations.js';
import { seedAirports } from '../../src/imports/seed-defaults.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import {
  addFaultAirframe,
  faultScenarioSteps,
  referenceSummary,
  StepDriver,
  type StoredSummary,
  summarize,
  workerConfig,
} from '../support/fault-scenario.js';
import { silentLogger } from '../support/silent-logger.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { startTestWorker } from '../support/test-worker.js';

// A PostgreSQL server of this test's own (never the machine's one), so it can be stopped and started.
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-restart-pg-'));
chmodSync(dir, 0o755); // as root, the server runs as the postgres user and must reach its directory
const dataDir = join(dir, 'pg');
let server: EmbeddedDatabase;
let db: Kysely<Database>;
let reference: StoredSummary;
let feed: FeedServer;
let smtp: SmtpTestServer;

beforeAll(async () => {
  reference = await referenceSummary();
  server = await startEmbeddedDatabase(dataDir, 0, silentLogger);
  db = createKysely({ url: server.url, poolSize: 2 });
  await migrateToLatest(db);
  await seedAirports(db, silentLogger);
  await addFaultAirframe(db);
  feed = await startFeedServer();
  smtp = await startSmtpTestServer();
}, 180_000);
afterAll(async () => {
  await feed?.close();
  await smtp?.close();
  await db?.destroy();
  const running = await startEmbeddedDatabase(dataDir, 0, silentLogger).catch(() => null);
  await running?.stop({ force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('the PostgreSQL server stops during a cycle and comes back', () => {
  it(
    'the worker fails that cycle, reconnects, takes the leadership again and goes on: ' +
      'nothing committed lost, nothing doubled',
    async () => {
      const driver = new StepDriver(feed.world, faultScenarioSteps(), db);
      driver.start();
      const worker = await startTestWorker(workerConfig(server.url, [feed.url], { smtpUrl: smtp.url }));
      let before: StoredSummary;
      try {
        await worker.waitFor('cycle-done', { count: 3 });
        before = await summarize(db);

        // The next cycle's watchlist request is held 800 ms (under the feed timeout); the server stops meanwhile.
        const hexRequests = () => feed.requests.filter((r) => r.path.startsWith('/hex/')).length;
        const hexBefore = hexRequests();
        feed.inject({ fault: { kind: 'delay', ms: 800 }, route: '/hex/', times: 1 });
        await vi.waitFor(() => expect(hexRequests()).toBeGreaterThan(hexBefore), { timeout: 15_000, interval: 10 });
        await server.stop({ force: true });
        await worker.waitFor('cycle-failed', { timeout: 15_000 });
        await worker.waitFor('leader-lost', { timeout: 15_000 });
        // A couple of ticks with the server down: no leader, nothing polled.
        const standbyBefore = worker.of('standby').length;
        await worker.waitFor('standby', { count: standbyBefore + 2, timeout: 15_000 });

        const acquiredBefore = worker.of('leader-acquired').length;
        server = await startEmbeddedDatabase(dataDir, server.port, silentLogger);
        await worker.waitFor('leader-acquired', { count: acquiredBefore + 1, timeout: 20_000 });
        await driver.done;
        await expect
          .poll(() => db.selectFrom('alerts').select('status').execute(), { timeout: 30_000, interval: 50 })
          .toEqual(reference.alerts.map(() => ({ status: 'sent' })));
      } finally {
        driver.stop();
        await worker.stop();
      }
      expect(worker.events.at(-1)?.type).toBe('stopped');

      const after = await summarize(db);
      expect(after).toEqual(reference);
      for (const leg of before.legs) expect(after.legs.some((l) => l.split('|')[0] === leg.split('|')[0])).toBe(true);
      expect(after.positions).toBeGreaterThanOrEqual(before.positions);
      const alertIds = (await db.selectFrom('alerts').select('id').execute()).map((r) => String(r.id));
      const mailed = smtp.received.flatMap((m) => String(m.parsed.headers.get('x-tailwatch-alert-ids')).split(','));
      expect(mailed.sort()).toEqual(alertIds.sort());
    },
    240_000,
  );
});
