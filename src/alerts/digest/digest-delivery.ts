import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../../config/config-schema.js';
import type { Database } from '../../db/database-schema.js';
import type { Logger } from '../../log/create-logger.js';
import { loadDigestContent, lockDueDigest, queueDigest, recordDigestAttempt } from '../../store/digest-repository.js';
import { newestDataTime } from '../../store/positions-repository.js';
import type { RenderedEmail } from '../alert-email-input.js';
import { type AlertBackoff, alertBackoffFromConfig, nextAttemptDelayMs } from '../alert-backoff.js';
import type { MailTransport } from '../mail-transport.js';
import { composeAlertEmail } from '../outgoing-email.js';
import { classifySendError } from '../smtp-failure.js';
import type { DigestContent } from '../../store/digest-content.js';

const DAY_MS = 86_400_000;

export interface DigestDeliveryDependencies {
  db: Kysely<Database>;
  config: Readonly<TailwatchConfig>;
  logger: Logger;
  transport: MailTransport;
  render?: (content: DigestContent) => Promise<RenderedEmail>;
  clock?: () => number;
  random?: () => number;
}

/** The digest email's Message-ID: fixed when it is queued, so a resend after a crash carries the same one. */
function digestMessageId(day: string, fromAddress: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(fromAddress)?.[1] ?? 'tailwatch.invalid';
  return `<tailwatch-digest-${day}-${randomUUID().replace(/-/g, '')}@${domain}>`;
}

/**
 * The daily digest (`alerts.digest`): `queue()` writes the day's row for the 24 hours of data up to the
 * newest data time (so a replay of last week gives last week's digest), once per UTC day; `deliverDue()`
 * sends what is due, each while its row is locked, and marks it sent, pending with backoff (connection
 * errors, SMTP 4xx) or failed (5xx), like an alert email.
 */
export class DigestDelivery {
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly backoff: AlertBackoff;
  private readonly log: Logger;

  constructor(private readonly deps: DigestDeliveryDependencies) {
    this.clock = deps.clock ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.backoff = alertBackoffFromConfig(deps.config);
    this.log = deps.logger.child({ module: 'alerts' });
  }

  /** Queues the digest of the 24 hours up to the newest data; null when there is no data yet. */
  async queue(): Promise<{ day: string; queued: boolean } | null> {
    const { db, config } = this.deps;
    const newest = await newestDataTime(db);
    if (newest === null) return null;
    const end = new Date(newest);
    const day = end.toISOString().slice(0, 10);
    const recipients = config.alerts.digest.to ?? config.alerts.to;
    const queued = await queueDigest(db, {
      day,
      start: new Date(newest - DAY_MS),
      end,
      messageId: digestMessageId(day, config.alerts.from),
      recipients,
    });
    this.log.info({ day, queued }, queued ? 'daily digest queued' : 'daily digest of this day already queued');
    return { day, queued };
  }

  async deliverDue(): Promise<{ sent: number; retrying: number; failed: number }> {
    const report = { sent: 0, retrying: 0, failed: 0 };
    const tried: string[] = [];
    for (;;) {
      const outcome = await this.deps.db.transaction().execute(async (trx) => {
        const due = await lockDueDigest(trx, new Date(this.clock()), tried);
        if (!due) return null;
        tried.push(due.day);
        const { config, transport } = this.deps;
        const attempts = due.attempts + 1;
        const content = await loadDigestContent(
          trx,
          { day: due.day, start: due.start, end: due.end },
          config.watch.airports,
        );
        const render = this.deps.render ?? (await import('./render-digest-email.js')).renderDigestEmail;
        const rendered = await render(content);
        const email = composeAlertEmail(rendered, {
          from: config.alerts.from,
          to: due.recipients,
          messageId: due.messageId,
          alertIds: [],
          rules: [],
        });
        email.headers = { 'X-Tailwatch-Digest': due.day };
        const now = () => new Date(this.clock());
        if (transport.kind === 'smtp' && due.recipients.length === 0) {
          const error = 'No recipients: set alerts.digest.to or ALERT_EMAIL_TO, then `tailwatch alerts digest`.';
          await recordDigestAttempt(trx, due.day, {
            status: 'failed',
            error,
            subject: email.subject,
            at: now(),
            nextAttemptAt: null,
          });
          return 'failed' as const;
        }
        try {
          await transport.send(email);
        } catch (error) {
          const failure = classifySendError(error);
          const giveUp = failure.action === 'fail' || attempts >= this.backoff.maxAttempts;
          await recordDigestAttempt(trx, due.day, {
            status: giveUp ? 'failed' : 'pending',
            error: failure.message,
            subject: email.subject,
            at: now(),
            nextAttemptAt: giveUp
              ? null
              : new Date(this.clock() + nextAttemptDelayMs(attempts, this.backoff, this.random())),
          });
          this.log.warn({ day: due.day, attempts, error: failure.message }, 'daily digest not sent');
          return giveUp ? ('failed' as const) : ('retrying' as const);
        }
        await recordDigestAttempt(trx, due.day, {
          status: 'sent',
          error: null,
          subject: email.subject,
          at: now(),
          nextAttemptAt: null,
        });
        this.log.info({ day: due.day, via: transport.description }, 'daily digest sent');
        return 'sent' as const;
      });
      if (outcome === null) return report;
      report[outcome] += 1;
    }
  }
}
