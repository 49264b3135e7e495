import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import {
  faultScenarioSteps,
  referenceSummary,
  StepDriver,
  type StoredSummary,
  summarize,
  workerConfig,
  workerConfigFile,
} from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import { startTestWorker } from '../support/test-worker.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

const rig = useFaultRig();
let reference: StoredSummary;
let configFile: string;

beforeAll(async () => {
  reference = await referenceSummary();
  configFile = workerConfigFile(rig.database.url, [rig.feed.url], { smtpUrl: rig.smtp.url });
});

const acquired = (line: Record<string, unknown>) => line.workerEvent === 'leader-acquired';
const started = (line: Record<string, unknown>) => line.workerEvent === 'started';
const cycleCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM poll_cycles`.execute(rig.database.db)).rows[0]!.n;
const poll = { timeout: 30_000, interval: 20 };

describe('two replicas on one database (advisory-lock leadership)', () => {
  it('only the leader polls; when it is killed the standby takes over within a cycle; nothing is doubled', async () => {
    const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
    driver.start();
    const workers = [spawnWorker({ configFile }), spawnWorker({ configFile })];
    const leader = await Promise.race(workers.map((w) => w.waitFor(acquired).then(() => w)));
    const standby: WorkerProcess = workers.find((w) => w !== leader)!;
    // Let the leader poll a few cycles while the standby is up and retrying.
    await standby.waitFor(started);
    await expect.poll(cycleCount, poll).toBeGreaterThanOrEqual(4);
    const status = await runCli(['status', '--json'], { env: { DATABASE_URL: rig.database.url } });
    expect(JSON.parse(status.stdout).leader?.applicationName).toContain(`:${leader.pid}`);
    // Only a leader polls: the standby never held the lock, so every cycle so far is the leader's.
    expect(standby.logged('leader-acquired')).toEqual([]);

    leader.kill('SIGKILL');
    const killedAt = Date.now();
    await leader.exited;
    const cyclesAtKill = await cycleCount();
    await standby.waitFor(acquired, 10_000);
    // The schedule is every second: the standby's next tick takes the lock (slack for a loaded machine).
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    await expect.poll(cycleCount, { timeout: 10_000, interval: 20 }).toBeGreaterThan(cyclesAtKill);

    await driver.done;
    await expect
      .poll(() => rig.database.db.selectFrom('alerts').select('status').execute(), poll)
      .toEqual(reference.alerts.map(() => ({ status: 'sent' })));
    standby.kill('SIGTERM');
    expect((await standby.exited).code).toBe(0);

    expect(await summarize(rig.database.db)).toEqual(reference);
    // Never two cycles at once: each poll cycle starts after the previous one finished.
    const cycles = await rig.database.db
      .selectFrom('poll_cycles')
      .select(['started_at', 'finished_at'])
      .orderBy('started_at')
      .execute();
    for (let i = 1; i < cycles.length; i += 1)
      expect(cycles[i]!.started_at.getTime()).toBeGreaterThanOrEqual(cycles[i - 1]!.finished_at.getTime());
    // Every alert went out under one Message-ID (a resend after the kill could only repeat that same one).
    const ids = await rig.database.db.selectFrom('alerts').select(['id', 'message_id']).execute();
    for (const alert of ids) {
      const mails = rig.smtp.received.filter((m) =>
        String(m.parsed.headers.get('x-tailwatch-alert-ids')).split(',').includes(String(alert.id)),
      );
      expect(mails.length, `alert ${alert.id}`).toBeGreaterThanOrEqual(1);
      expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(1);
    }
  }, 180_000);

  it('a worker that stops hands the leadership over at once: the standby polls from its next tick', async () => {
    const config = workerConfig(rig.database.url, [rig.feed.url], { smtpUrl: rig.smtp.url });
    const first = await startTestWorker(config);
    const second = await startTestWorker(config);
    try {
      await first.waitFor('leader-acquired');
      await first.waitFor('cycle-done', { count: 2 });
      await second.waitFor('standby', { count: 2 });
      expect(second.of('leader-acquired')).toEqual([]);
      expect(second.of('cycle-done')).toEqual([]);

      await first.stop();
      const stoppedAt = Date.now();
      await second.waitFor('leader-acquired', { timeout: 10_000 });
      expect(Date.now() - stoppedAt).toBeLessThan(3_000);
      await second.waitFor('cycle-done', { timeout: 10_000 });
      expect(first.of('leader-lost')).toEqual([]); // released, not lost
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
