import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { faultScenarioSteps, faultSettings, StepDriver } from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import { testConfig } from '../support/test-config.js';
import { startTestWorker } from '../support/test-worker.js';

const rig = useFaultRig();
const alerts = () =>
  rig.database.db
    .selectFrom('alerts')
    .select(['id', 'status', 'attempts', 'last_error', 'message_id'])
    .orderBy('id')
    .execute();

describe('mail faults under a running worker', () => {
  it(
    'SMTP refusing connections, then answering 4xx, then up: ' +
      'every alert delivered exactly once; a 5xx is failed and listed',
    async () => {
      await rig.smtp.stop(); // connections refused from the start
      const settings = faultSettings([rig.feed.url], { smtpUrl: rig.smtp.url });
      const config = testConfig(rig.database.url, {
        ...settings,
        // Retried about twice a second while the scenario runs: enough attempts that none gives up on a slow machine.
        alerts: { ...settings.alerts, backoff: { initialSeconds: 0, maxSeconds: 1, maxAttempts: 1000 } },
        poll: { schedule: '* * * * * *' },
      });
      const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
      driver.start();
      const worker = await startTestWorker(config);
      try {
        await driver.done;
        // The scenario is over and its alerts wait, retried with backoff.
        const waiting = await alerts();
        expect(waiting.length).toBeGreaterThanOrEqual(2);
        expect(waiting.every((a) => a.status === 'pending')).toBe(true);
        const refused = await worker.waitFor('alert-failed', { count: 2 });
        expect(refused).toMatchObject({
          final: false,
          error: expect.stringMatching(/ECONNREFUSED|ECONNECTION|ESOCKET/),
        });
        expect((await alerts()).some((a) => /ECONNREFUSED|ECONNECTION|ESOCKET/.test(a.last_error ?? ''))).toBe(true);

        await rig.smtp.start();
        rig.smtp.answer({ kind: 'reject', code: 451, message: 'greylisted, try later' });
        const greylisted = await worker.waitFor('alert-failed', {
          where: (e) => e.error.includes('451'),
          timeout: 20_000,
        });
        expect(greylisted.final).toBe(false);
        expect(rig.smtp.received).toHaveLength(0);
        rig.smtp.answer({ kind: 'accept' });
        await expect
          .poll(async () => (await alerts()).every((a) => a.status === 'sent'), { timeout: 20_000, interval: 50 })
          .toBe(true);
        const sent = await alerts();
        expect(sent.every((a) => a.attempts >= 2)).toBe(true);
        const mailed = rig.smtp.received.flatMap((m) =>
          String(m.parsed.headers.get('x-tailwatch-alert-ids')).split(','),
        );
        expect(mailed.sort()).toEqual(sent.map((a) => String(a.id)).sort()); // each once
        expect(
          worker
            .of('alert-sent')
            .flatMap((e) => e.alertIds)
            .sort(),
        ).toEqual(mailed.sort());

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
        const refusedForGood = await worker.waitFor('alert-failed', { where: (e) => e.final, timeout: 20_000 });
        expect(refusedForGood).toMatchObject({ attempts: 1, error: expect.stringContaining('550') });
        const listed = await runCli(['alerts', 'list', '--status', 'failed', '--json'], {
          env: { DATABASE_URL: rig.database.url },
        });
        const failed = JSON.parse(listed.stdout) as Array<{
          id: string;
          rule: string;
          attempts: number;
          last_error: string;
        }>;
        expect(failed).toEqual([
          expect.objectContaining({
            rule: 'emergency_squawk',
            attempts: 1,
            last_error: expect.stringContaining('550'),
          }),
        ]);
        expect(refusedForGood.alertIds).toEqual([String(failed[0]!.id)]);
      } finally {
        driver.stop();
        await worker.stop();
      }
      const messageIds = rig.smtp.received.map((m) => m.parsed.messageId);
      expect(new Set(messageIds).size).toBe(messageIds.length); // no email twice
    },
    180_000,
  );
});
