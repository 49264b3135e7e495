import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import {
  faultScenarioSteps,
  referenceSummary,
  spawnWorker,
  StepDriver,
  type StoredSummary,
  summarize,
  workerConfigFile,
  type WorkerProcess,
} from '../../support/fault-scenario.js';
import { useFaultRig } from '../../support/fault-rig.js';

const rig = useFaultRig();
let reference: StoredSummary;
let configFile: string;

beforeAll(async () => {
  reference = await referenceSummary();
  configFile = workerConfigFile(rig.database.url, [rig.feed.url], { smtpUrl: rig.smtp.url });
});

const acquired = (line: Record<string, unknown>) => line.msg === 'leadership acquired; this worker polls';
const cycleDone = (line: Record<string, unknown>) => line.msg === 'poll cycle done';
const count = (worker: WorkerProcess, predicate: (line: Record<string, unknown>) => boolean) =>
  worker.lines.filter(predicate).length;

describe('two replicas on one database (advisory-lock leadership)', () => {
  it('only the leader polls; when it is killed the standby takes over within a cycle; nothing is doubled', async () => {
    const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
    driver.start();
    const workers = [spawnWorker(configFile), spawnWorker(configFile)];
    const first = await Promise.race(workers.map((w) => w.waitFor(acquired).then(() => w)));
    const leader = first;
    const standby = workers.find((w) => w !== leader)!;
    // Let the leader poll a few cycles while the standby is up and retrying.
    await leader.waitFor(() => count(leader, cycleDone) >= 4);
    await standby.waitFor((l) => l.msg === 'worker started; polling on schedule');
    const status = await runCli(['status', '--json'], { env: { DATABASE_URL: rig.database.url } });
    expect(JSON.parse(status.stdout).leader?.applicationName).toContain(`:${leader.pid}`);
    expect(count(standby, cycleDone)).toBe(0);
    expect(count(standby, acquired)).toBe(0);

    leader.kill('SIGKILL');
    const killedAt = Date.now();
    await leader.exited;
    await standby.waitFor(acquired, 10_000);
    // The schedule is every second: the standby's next tick takes the lock (slack for a loaded machine).
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    await standby.waitFor(cycleDone, 10_000);

    await driver.done;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await rig.database.db.selectFrom('alerts').select('status').execute();
      if (rows.length === reference.alerts.length && rows.every((r) => r.status === 'sent')) break;
      if (Date.now() > deadline) throw new Error(`alerts not all sent: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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
});
