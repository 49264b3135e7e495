import { describe, expect, it } from 'vitest';
import { faultScenarioSteps, faultSettings, StepDriver } from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import { testConfig } from '../support/test-config.js';
import { startTestWorker } from '../support/test-worker.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const rig = useFaultRig();

describe('webhook faults under a running worker', () => {
  it('a receiver answering 503, then up: every alert posted once with a 2xx, reported as worker events', async () => {
    const receiver = await startWebhookReceiver();
    receiver.script({ status: 503, body: 'down' }, { status: 503, body: 'down' }, { status: 502 });
    const settings = faultSettings([rig.feed.url], { smtpUrl: rig.smtp.url });
    const config = testConfig(rig.database.url, {
      ...settings,
      alerts: {
        ...settings.alerts,
        webhookUrl: receiver.url,
        webhookSecret: 'a-secret-of-sixteen-chars',
        backoff: { initialSeconds: 0, maxSeconds: 1, maxAttempts: 1000 },
      },
      poll: { schedule: '* * * * * *' },
    });
    const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
    driver.start();
    const worker = await startTestWorker(config);
    try {
      await driver.done;
      const failed = await worker.waitFor('webhook-failed', { timeout: 20_000 });
      expect(failed).toMatchObject({ final: false, webhook: 'default', httpStatus: 503, error: 'HTTP 503: down' });
      const deliveries = () =>
        rig.database.db.selectFrom('alert_webhooks').select(['alert_id', 'status', 'attempts']).execute();
      await expect
        .poll(async () => (await deliveries()).every((d) => d.status === 'sent'), { timeout: 20_000, interval: 50 })
        .toBe(true);
      const rows = await deliveries();
      const alerts = await rig.database.db.selectFrom('alerts').select('id').execute();
      expect(rows.map((r) => String(r.alert_id)).sort()).toEqual(alerts.map((a) => String(a.id)).sort());
      const posted = worker.of('webhook-posted');
      expect(posted.map((e) => e.alertId).sort()).toEqual(alerts.map((a) => String(a.id)).sort());
      const delivered = receiver.received.filter((p) => p.status === 204).map((p) => p.headers['x-tailwatch-alert-id']);
      expect(delivered.sort()).toEqual(posted.map((e) => e.webhookAlertId).sort()); // each alert once
    } finally {
      driver.stop();
      await worker.stop();
      await receiver.close();
    }
  }, 180_000);
});
