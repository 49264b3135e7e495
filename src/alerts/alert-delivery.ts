import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import {
  assignMessageId,
  lockDueAlerts,
  lockEmailGroup,
  markAttemptFailed,
  markSent,
} from '../store/alert-outbox-repository.js';
import type { AlertEmailInput, RenderedEmail } from './alert-email-input.js';
import { type AlertBackoff, alertBackoffFromConfig, nextAttemptDelayMs } from './alert-backoff.js';
import { loadAlertEmailInput } from './alert-email-input-loader.js';
import { alertMessageId, groupAlertsForEmail } from './alert-grouping.js';
import { alertRuleSettings } from './alert-settings.js';
import type { MailTransport } from './mail-transport.js';
import { composeAlertEmail } from './outgoing-email.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import type { DigestDelivery } from './digest/digest-delivery.js';
import { classifySendError } from './smtp-failure.js';

export type RenderAlertEmail = (input: AlertEmailInput) => Promise<RenderedEmail>;

/**
 * What became of one email's attempt, reported once its transaction has ended: `error` when the attempt
 * itself broke (e.g. the database went away; the rows stay as they were and are tried again).
 */
export interface EmailAttempt {
  messageId: string;
  alertIds: string[];
  status: 'sent' | 'retrying' | 'failed' | 'error';
  /** The attempts made so far, this one included (null when the attempt broke before reading the rows). */
  attempts: number | null;
  /** Why it was not sent (null when sent). */
  error: string | null;
}

export interface AlertDeliveryDependencies {
  db: Kysely<Database>;
  config: Readonly<TailwatchConfig>;
  logger: Logger;
  transport: MailTransport;
  render: RenderAlertEmail;
  /** Wall clock for next_attempt_at and sent_at (tests move it instead of sleeping). */
  clock?: () => number;
  random?: () => number;
  /** Tests only: runs after the server accepted a message and before the row is marked (a crash there). */
  afterAccepted?: (messageId: string) => Promise<void>;
  /** Told about each email attempt after its transaction (the worker turns them into events). */
  onAttempt?: (attempt: EmailAttempt) => void;
  /** The outbox's webhook channel, delivered in the same pass after the emails (none: no webhook configured). */
  webhooks?: WebhookDelivery | null;
  /** The daily digest, delivered in the same pass (queued by the worker's schedule or `alerts digest`). */
  digests?: DigestDelivery | null;
}

export interface DeliveryReport {
  emails: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Groups another process held (it is sending them). */
  skipped: number;
  /** Webhook posts: delivered, to be retried, failed for good. */
  webhooks: { sent: number; retrying: number; failed: number };
  /** Daily digests: sent, to be retried, failed for good. */
  digests: { sent: number; retrying: number; failed: number };
}

/** How many due alerts one claim looks at. */
const CLAIM_BATCH = 100;

/**
 * Delivers the outbox: due pending alerts are folded into emails (per airframe, throttle window), each
 * email's group and Message-ID are committed first, then each email is sent while its rows are locked
 * (FOR UPDATE SKIP LOCKED), and marked sent, retrying (connection errors, SMTP 4xx, with backoff) or
 * failed (SMTP 5xx, with the server's answer) in the same transaction. Two processes never send the same
 * alert; a crash between the server's acceptance and the update resends it with the same Message-ID.
 * Then the webhook channel's due posts go out (webhook-delivery.ts), in the same pass.
 */
export class AlertDelivery {
  private running: Promise<DeliveryReport> | null = null;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly backoff: AlertBackoff;
  private readonly log: Logger;

  constructor(private readonly deps: AlertDeliveryDependencies) {
    this.clock = deps.clock ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.backoff = alertBackoffFromConfig(deps.config);
    this.log = deps.logger.child({ module: 'alerts' });
  }

  /** The daily digest's queue and delivery, when this delivery has one. */
  get digests(): DigestDelivery | null {
    return this.deps.digests ?? null;
  }

  get transport(): MailTransport {
    return this.deps.transport;
  }

  /** Sends every due alert. Calls made while a pass runs wait for it and then run their own pass. */
  async deliverDue(): Promise<DeliveryReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  close(): void {
    this.deps.transport.close();
  }

  private async pass(): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      emails: 0,
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
      webhooks: { sent: 0, retrying: 0, failed: 0 },
      digests: { sent: 0, retrying: 0, failed: 0 },
    };
    const done = new Set<string>();
    for (;;) {
      const messageIds = await this.claimGroups();
      const fresh = messageIds.filter((id) => !done.has(id));
      if (!fresh.length) break;
      for (const messageId of fresh) {
        done.add(messageId);
        const attempt = await this.sendGroup(messageId).catch((error: unknown): EmailAttempt => {
          this.log.error(
            { err: error, messageId },
            'could not deliver an alert email; it stays pending and is retried',
          );
          const message = error instanceof Error ? error.message : String(error);
          return { messageId, alertIds: [], status: 'error', attempts: null, error: message };
        });
        if (attempt === null) report.skipped += 1;
        else {
          if (attempt.status !== 'error') {
            report.emails += 1;
            report[attempt.status] += 1;
          }
          this.deps.onAttempt?.(attempt);
        }
      }
    }
    if (this.deps.webhooks?.configured) report.webhooks = await this.deps.webhooks.deliverDue();
    if (this.deps.digests) report.digests = await this.deps.digests.deliverDue();
    return report;
  }

  /** Groups the due alerts into emails and commits each group's Message-ID; returns the Message-IDs. */
  private async claimGroups(): Promise<string[]> {
    const { db, config } = this.deps;
    return db.transaction().execute(async (trx) => {
      const due = await lockDueAlerts(trx, new Date(this.clock()), CLAIM_BATCH);
      const groups = groupAlertsForEmail(due, config.alerts.throttleSeconds * 1000);
      const ids: string[] = [];
      for (const group of groups) {
        if (group.messageId !== null) {
          ids.push(group.messageId);
          continue;
        }
        const messageId = alertMessageId(group.ids[0]!, config.alerts.from, randomUUID());
        await assignMessageId(trx, group.ids, messageId);
        ids.push(messageId);
      }
      return ids;
    });
  }

  /** One email in its own transaction; null when another process holds its rows. */
  private async sendGroup(messageId: string): Promise<EmailAttempt | null> {
    const { db, config, transport, render } = this.deps;
    return db.transaction().execute(async (trx) => {
      const rows = await lockEmailGroup(trx, messageId);
      if (!rows.length) return null;
      const ids = rows.map((r) => r.id);
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const result = (status: 'sent' | 'retrying' | 'failed', error: string | null): EmailAttempt => ({
        messageId,
        alertIds: ids,
        status,
        attempts,
        error,
      });
      const settings = alertRuleSettings(config);
      const recipients = [
        ...new Set(rows.flatMap((r) => (r.recipients.length ? r.recipients : settings.rules[r.rule].recipients))),
      ];
      if (transport.kind === 'smtp' && recipients.length === 0) {
        const error =
          "No recipients: set ALERT_EMAIL_TO (alerts.to) or the rule's alerts.rules.*.to, " +
          'then run `tailwatch alerts retry --failed`.';
        await markAttemptFailed(trx, ids, { status: 'failed', error, nextAttemptAt: null, subject: null });
        return result('failed', error);
      }
      const input = await loadAlertEmailInput(trx, rows, config.watch.airports);
      let rendered: RenderedEmail;
      try {
        rendered = await render(input);
      } catch (error) {
        // A bug in rendering: keep the alert, retry with backoff (a fix and a restart send it).
        const giveUp = attempts >= this.backoff.maxAttempts;
        const message = `could not render the email: ${error instanceof Error ? error.message : String(error)}`;
        await markAttemptFailed(trx, ids, {
          status: giveUp ? 'failed' : 'pending',
          error: message,
          nextAttemptAt: giveUp
            ? null
            : new Date(this.clock() + nextAttemptDelayMs(attempts, this.backoff, this.random())),
          subject: null,
        });
        this.log.error({ err: error, messageId, alerts: ids }, 'could not render an alert email');
        return result(giveUp ? 'failed' : 'retrying', message);
      }
      const email = composeAlertEmail(rendered, {
        from: config.alerts.from,
        to: recipients,
        messageId,
        alertIds: ids,
        rules: rows.map((r) => r.rule),
      });
      let receipt;
      try {
        receipt = await transport.send(email);
      } catch (error) {
        const failure = classifySendError(error);
        const giveUp = failure.action === 'fail' || attempts >= this.backoff.maxAttempts;
        const nextAttemptAt = giveUp
          ? null
          : new Date(this.clock() + nextAttemptDelayMs(attempts, this.backoff, this.random()));
        const message =
          failure.action === 'retry' && giveUp
            ? `gave up after ${attempts} attempts: ${failure.message}`
            : failure.message;
        await markAttemptFailed(trx, ids, {
          status: giveUp ? 'failed' : 'pending',
          error: message,
          nextAttemptAt,
          subject: email.subject,
        });
        this.log[giveUp ? 'error' : 'warn'](
          { messageId, alerts: ids, attempts, error: message, nextAttemptAt },
          giveUp
            ? 'alert email failed; see `tailwatch alerts list --status failed`'
            : 'alert email not delivered yet; will retry',
        );
        return result(giveUp ? 'failed' : 'retrying', message);
      }
      await this.deps.afterAccepted?.(messageId);
      const note = receipt.rejected.length ? `rejected by the server: ${receipt.rejected.join(', ')}` : null;
      await markSent(trx, ids, { subject: email.subject, recipients, at: new Date(this.clock()), note });
      this.log.info(
        {
          messageId,
          alerts: ids,
          rules: [...new Set(rows.map((r) => r.rule))],
          hex: rows[0]!.hex,
          via: transport.description,
          response: receipt.response,
        },
        'alert email sent',
      );
      return result('sent', null);
    });
  }
}
