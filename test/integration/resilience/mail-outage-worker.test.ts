import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { faultScenarioSteps, spawnWorker, StepDriver, workerConfigFile } from '../../support/fault-scenario.js';
import { useFaultRig } from '../../support/fault-rig.js';

const rig = useFaultRig();
const alerts = () =>
  rig.database.db
    .selectFrom('alerts')
    .select(['id', 'status', 'attempts', 'last_error', 'message_id'])
    .orderBy('id')
    .execute();

describe('mail faults under a running worker', () => {
  it('SMTP refusing connections, then answering 4xx, then up: every alert delivered exactly once; a 5xx is failed and listed', async () => {
    await rig.smtp.stop(); // connections refused from the start
    const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
    driver.start();
    const worker = spawnWorker(workerConfigFile(rig.database.url, [rig.feed.url], { smtpUrl: rig.smtp.url }));
    await driver.done;
    // The scenario is over and its alerts wait, retried with backoff.
    const waiting = await alerts();
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.every((a) => a.status === 'pending')).toBe(true);
    await worker.waitFor(
      () => worker.lines.filter((l) => l.msg === 'alert email not delivered yet; will retry').length >= 2,
    );
    expect((await alerts()).some((a) => /ECONNREFUSED|ECONNECTION|ESOCKET/.test(a.last_error ?? ''))).toBe(true);

    await rig.smtp.start();
    rig.smtp.answer({ kind: 'reject', code: 451, message: 'greylisted, try later' });
    await worker.waitFor(
      (l) => l.msg === 'alert email not delivered yet; will retry' && String(l.error).includes('451'),
      20_000,
    );
    expect(rig.smtp.received).toHaveLength(0);
    rig.smtp.answer({ kind: 'accept' });
    const deadline = Date.now() + 20_000;
    while (!(await alerts()).every((a) => a.status === 'sent')) {
      if (Date.now() > deadline) throw new Error(`not all sent: ${JSON.stringify(await alerts())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sent = await alerts();
    expect(sent.every((a) => a.attempts >= 2)).toBe(true);
    const mailed = rig.smtp.received.flatMap((m) => String(m.parsed.headers.get('x-tailwatch-alert-ids')).split(','));
    expect(mailed.sort()).toEqual(sent.map((a) => String(a.id)).sort()); // each once

    // A permanent refusal: failed at once, visible in `alerts list`, not retried by the worker.
    rig.smtp.answer({ kind: 'reject', code: 550, message: 'no such user here' });
    await rig.database.db
      .insertInto('alerts')
      .values({
        rule: 'emergency_squawk',
        hex: '1533ad',
        event_at: new Date(Date.UTC(2025, 9, 30, 12, 0)),
        dedupe_key: 'test:550',
        details: JSON.stringify({
          cause: 'squawk',
          inferred: false,
          lat: 23,
          lon: -82.4,
          squawk: '7700',
          registration: null,
          typeCode: null,
          callsign: null,
        }),
      })
      .execute();
    await worker.waitFor((l) => l.msg === 'alert email failed; see `tailwatch alerts list --status failed`', 20_000);
    const listed = await runCli(['alerts', 'list', '--status', 'failed', '--json'], {
      env: { DATABASE_URL: rig.database.url },
    });
    const failed = JSON.parse(listed.stdout) as Array<{ rule: string; attempts: number; last_error: string }>;
    expect(failed).toEqual([
      expect.objectContaining({ rule: 'emergency_squawk', attempts: 1, last_error: expect.stringContaining('550') }),
    ]);
    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    const messageIds = rig.smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length); // no email twice
  }, 120_000);
});
