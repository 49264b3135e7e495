import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDelivery } from '../../src/alerts/webhook-delivery.js';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { seedScenarioRecordingLines } from '../support/seed-recording.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { type ReceivedPost, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'webhook-secret-for-the-tests';
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-webhook-'));
let receiver: WebhookReceiver;
const databases: TestDatabase[] = [];

function verified(post: ReceivedPost): boolean {
  const expected = `sha256=${createHmac('sha256', SECRET).update(post.body, 'utf8').digest('hex')}`;
  return post.headers['x-tailwatch-signature'] === expected;
}

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

function recordingFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const env = () => ({ ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: SECRET });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => {
  receiver.received.length = 0;
});
afterAll(async () => {
  await receiver.close();
  for (const database of databases) await database.drop();
});

describe('webhook alerts, through the outbox, to a real local HTTP receiver', () => {
  it('a seed-scenario replay posts one signed body per alert, with unique ids; a second replay none', async () => {
    const database = await freshDatabase();
    await addSeedAirframe(database.db, { reason: 'OFAC SDN', source: 'ofac-sdn' });
    const configFile = writeTestConfig(database.url, { alerts: { mailDir: join(dir, 'mail-seed') } });
    const file = recordingFile('seed.jsonl', seedScenarioRecordingLines());
    const first = await runCli(['replay', file], { configFile, env: env() });
    expect(first.code).toBe(0);
    const alerts = await database.db.selectFrom('alerts').select(['id', 'rule', 'hex']).orderBy('id').execute();
    expect(alerts.length).toBeGreaterThanOrEqual(7); // a departure and an arrival at each watched leg end
    expect(receiver.received).toHaveLength(alerts.length);
    expect(receiver.received.every(verified)).toBe(true);
    const bodies = receiver.received.map((p) => JSON.parse(p.body) as { id: string; rule: string; text: string });
    expect(new Set(bodies.map((b) => b.id)).size).toBe(alerts.length);
    expect(receiver.received.map((p) => p.headers['x-tailwatch-alert-id'])).toEqual(bodies.map((b) => b.id));
    expect(bodies.map((b) => b.rule).sort()).toEqual(alerts.map((a) => a.rule).sort());
    for (const b of bodies) expect(b.text).toMatch(/^RA-78765 IL76 /);
    const rows = await database.db.selectFrom('alert_webhooks').select(['status', 'webhook']).execute();
    expect(rows).toHaveLength(alerts.length);
    expect(rows.every((r) => r.status === 'sent' && r.webhook === 'default')).toBe(true);

    receiver.received.length = 0;
    const second = await runCli(['replay', file], { configFile, env: env() });
    expect(second.code).toBe(0);
    expect(receiver.received).toHaveLength(0);
  }, 300_000);

  it('retries a 503 after its Retry-After with the same alert id, and fails a 400 with the answer', async () => {
    const database = await freshDatabase();
    const configFile = writeTestConfig(database.url, { alerts: { mailDir: join(dir, 'mail-retry') } });
    await runCli(['airframes', 'add', '152c2e', '--reg', 'RA-76846', '--type', 'IL76'], { configFile });
    receiver.script(
      { status: 503, headers: { 'retry-after': '600' }, body: 'maintenance' },
      { status: 400, body: 'unknown channel' },
    );
    const replay = await runCli(['replay', recordingFile('flight.jsonl', recordedFlightLines('152c2e'))], {
      configFile,
      env: env(),
    });
    expect(replay.code).toBe(0);
    expect(receiver.received.map((p) => p.status)).toEqual([503, 400]);
    const rows = await database.db
      .selectFrom('alert_webhooks')
      .select(['id', 'status', 'attempts', 'last_status', 'last_error', 'next_attempt_at', 'created_at'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.status, r.attempts, r.last_status])).toEqual([
      ['pending', 1, 503],
      ['failed', 1, 400],
    ]);
    expect(rows[1]!.last_error).toBe('HTTP 400: unknown channel');
    // Retry-After 600 s is longer than the backoff's first step (30 s): the receiver's wish is kept.
    expect(new Date(rows[0]!.next_attempt_at!).getTime() - Date.now()).toBeGreaterThan(500_000);

    const config = testConfig(database.url, { alerts: { webhookUrl: receiver.url, webhookSecret: SECRET } });
    const later = () => Date.now() + 700_000;
    const report = await new WebhookDelivery({
      db: database.db,
      config,
      logger: silentLogger,
      clock: later,
    }).deliverDue();
    expect(report).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]!.headers['x-tailwatch-alert-id']).toBe(
      receiver.received[0]!.headers['x-tailwatch-alert-id'],
    );
    const [before, after] = [receiver.received[0]!, receiver.received[2]!].map(
      (p) => JSON.parse(p.body) as { rule: string; at: string },
    );
    expect(after).toMatchObject({ rule: before!.rule, at: before!.at });
    expect(verified(receiver.received[2]!)).toBe(true);

    const failed = await runCli(['alerts', 'webhooks', '--status', 'failed', '--json'], { configFile, env: env() });
    const listed = JSON.parse(failed.stdout) as { http_status: number; last_error: string }[];
    expect(listed).toEqual([expect.objectContaining({ http_status: 400, last_error: 'HTTP 400: unknown channel' })]);
    const retry = await runCli(['alerts', 'retry', '--failed'], { configFile, env: env() });
    expect(retry.stdout).toContain('webhook posts requeued 1, sent 1');
    expect(receiver.received).toHaveLength(4);
    const ids = new Set(receiver.received.map((p) => p.headers['x-tailwatch-alert-id']));
    expect(ids.size).toBe(2);

    // The ids are stable: the same data replayed into a fresh database gets the same ones.
    receiver.received.length = 0;
    const again = await freshDatabase();
    const againConfig = writeTestConfig(again.url, { alerts: { mailDir: join(dir, 'mail-retry-2') } });
    await runCli(['airframes', 'add', '152c2e', '--reg', 'RA-76846', '--type', 'IL76'], { configFile: againConfig });
    await runCli(['replay', join(dir, 'flight.jsonl')], { configFile: againConfig, env: env() });
    expect(new Set(receiver.received.map((p) => p.headers['x-tailwatch-alert-id']))).toEqual(ids);
  });

  it('killed after a 2xx, it posts again with the same id: a receiver that dedupes sees each alert once', async () => {
    const database = await freshDatabase();
    const configFile = writeTestConfig(database.url, { alerts: { mailDir: join(dir, 'mail-crash') } });
    await runCli(['airframes', 'add', '152c2e', '--reg', 'RA-76846', '--type', 'IL76'], { configFile });
    receiver.script({ status: 503 }, { status: 503 }); // both alerts stay queued
    await runCli(['replay', recordingFile('crash.jsonl', recordedFlightLines('152c2e'))], { configFile, env: env() });
    expect(receiver.received).toHaveLength(2);
    const config = testConfig(database.url, { alerts: { webhookUrl: receiver.url, webhookSecret: SECRET } });
    const later = () => Date.now() + 3_600_000;
    const crashing = new WebhookDelivery({
      db: database.db,
      config,
      logger: silentLogger,
      clock: later,
      afterDelivered: () => Promise.reject(new Error('killed')),
    });
    await expect(crashing.deliverDue()).rejects.toThrow('killed');
    const pending = await database.db
      .selectFrom('alert_webhooks')
      .select('status')
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(2); // the kill rolled back the mark: nothing is lost
    const report = await new WebhookDelivery({
      db: database.db,
      config,
      logger: silentLogger,
      clock: later,
    }).deliverDue();
    expect(report.sent).toBe(2);
    const delivered = receiver.received.filter((p) => p.status === 204).map((p) => p.headers['x-tailwatch-alert-id']);
    expect(delivered).toHaveLength(3); // one post before the kill, two after
    expect(new Set(delivered).size).toBe(2); // the repeat carries the same id
    const sent = await database.db.selectFrom('alert_webhooks').select('status').where('status', '=', 'sent').execute();
    expect(sent).toHaveLength(2);
  });
});
