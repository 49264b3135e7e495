import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  faultScenarioSteps,
  referenceSummary,
  StepDriver,
  type StoredSummary,
  summarize,
  workerConfigFile,
} from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { spawnWorker } from '../support/worker-process.js';

const rig = useFaultRig();
let reference: StoredSummary;
let configFile: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  reference = await referenceSummary();
  receiver = await startWebhookReceiver();
  configFile = workerConfigFile(rig.database.url, [rig.feed.url], { smtpUrl: rig.smtp.url, webhookUrl: receiver.url });
});
afterAll(async () => {
  await receiver?.close();
});

async function alertRows() {
  return rig.database.db.selectFrom('alerts').select(['id', 'rule', 'status', 'message_id']).orderBy('id').execute();
}

describe('a worker SIGKILLed mid-cycle and restarted (real processes, Postgres and SMTP)', () => {
  it(
    'before commit, after commit and during send: no leg or alert lost or doubled; ' +
      'the one unavoidable resend keeps its Message-ID',
    async () => {
      expect(reference.alerts.length).toBeGreaterThanOrEqual(2); // a departure from MUHA and an arrival at MUVR
      const driver = new StepDriver(rig.feed.world, faultScenarioSteps(), rig.database.db);
      driver.start();

      // 1. Killed after the cycle wrote its alert rows, before COMMIT: the whole cycle rolls back.
      const first = spawnWorker({ configFile, crashAt: 'before-commit' });
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(first.stderr()).toContain('CRASH before-commit');
      expect(await alertRows()).toEqual([]);
      const stepAtCrash = driver.step;

      // 2. Killed right after that cycle (polled again) committed, before anything was sent.
      const second = spawnWorker({ configFile, crashAt: 'after-commit' });
      expect((await second.exited).signal).toBe('SIGKILL');
      expect(second.stderr()).toContain('CRASH after-commit');
      const committed = await alertRows();
      expect(committed.length).toBeGreaterThanOrEqual(1);
      expect(committed.every((a) => a.status === 'pending')).toBe(true);
      expect(rig.smtp.received).toHaveLength(0);
      expect(driver.step).toBeGreaterThanOrEqual(stepAtCrash); // the rolled-back step was polled again, not skipped

      // 3. Killed after the SMTP server accepted the email, before the row was marked sent.
      const third = spawnWorker({ configFile, crashAt: 'after-accepted' });
      expect((await third.exited).signal).toBe('SIGKILL');
      expect(third.stderr()).toContain('CRASH after-accepted');
      expect(rig.smtp.received).toHaveLength(1);
      const acceptedId = rig.smtp.received[0]!.parsed.messageId;
      const stillPending = await alertRows();
      expect(stillPending.filter((a) => a.status === 'sent')).toEqual([]);
      expect(stillPending.map((a) => `<${a.message_id?.replace(/^<|>$/g, '')}>`)).toContain(
        `<${acceptedId?.replace(/^<|>$/g, '')}>`,
      );

      // 4. A clean worker finishes the scenario and the outbox.
      const last = spawnWorker({ configFile });
      await driver.done;
      await expect
        .poll(async () => (await alertRows()).map((a) => a.status), { timeout: 30_000, interval: 50 })
        .toEqual(reference.alerts.map(() => 'sent'));
      last.kill('SIGTERM');
      expect((await last.exited).code).toBe(0);

      // The database holds exactly what an undisturbed run stores.
      const stored = await summarize(rig.database.db);
      expect(stored).toEqual(reference);
      expect(stored.positions).toBe(stored.distinctPositions);

      // The mailbox: every alert in exactly one Message-ID; only the email accepted before the crash came twice,
      // same Message-ID.
      const byAlert = new Map<string, Set<string>>();
      for (const mail of rig.smtp.received) {
        for (const id of String(mail.parsed.headers.get('x-tailwatch-alert-ids') ?? '')
          .split(',')
          .filter(Boolean)) {
          byAlert.set(id, (byAlert.get(id) ?? new Set()).add(String(mail.parsed.messageId)));
        }
      }
      const rows = await alertRows();
      for (const row of rows) expect(byAlert.get(String(row.id))?.size, `alert ${row.id}`).toBe(1);
      const copies = rig.smtp.received.map((m) => String(m.parsed.messageId));
      const doubled = copies.filter((id, i) => copies.indexOf(id) !== i);
      expect(doubled).toEqual([acceptedId]);

      // The webhook: every alert posted exactly once (the kills came before any post), each with its own id.
      const posted = receiver.received.map((p) => String(p.headers['x-tailwatch-alert-id']));
      expect(posted).toHaveLength(rows.length);
      expect(new Set(posted).size).toBe(rows.length);
    },
    180_000,
  );
});
