import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { alertMessageId } from '../alerts/alert-grouping.js';
import { listAlerts, requeueAlerts } from '../store/alert-outbox-repository.js';
import { listWebhookDeliveries, requeueWebhookDeliveries } from '../store/alert-webhook-repository.js';
import { createAlertDelivery, renderAlertEmailOnDemand } from '../alerts/create-alert-delivery.js';
import { createMailTransport } from '../alerts/mail-transport.js';
import { composeAlertEmail } from '../alerts/outgoing-email.js';
import { sampleAlertEmailInput } from '../alerts/sample-alert-email-input.js';
import { classifySendError } from '../alerts/smtp-failure.js';
import type { AlertStatus } from '../db/database-schema.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';
import { parseLimit } from './limit-option.js';
import { renderRows } from './output-format.js';

const STATUSES: readonly AlertStatus[] = ['pending', 'sent', 'failed'];

export function alertsCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  const command = new Command('alerts').description(
    'the alert outbox: list alerts, send failed ones again, send a test email',
  );

  command
    .command('list')
    .description('list alerts, newest first')
    .addOption(new Option('--status <status>', 'only alerts with this status').choices([...STATUSES]))
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (options: { status?: AlertStatus; limit: string; json?: boolean }) => {
      const limit = parseLimit(options.limit);
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const alerts = await listAlerts(db, { limit, ...(options.status ? { status: options.status } : {}) });
        const rows = alerts.map((a) => ({
          id: a.id,
          rule: a.rule,
          hex: a.hex,
          airport: a.airport,
          event_at: a.eventAt,
          status: a.status,
          attempts: a.attempts,
          last_error: a.lastError,
          next_attempt_at: a.nextAttemptAt,
          sent_at: a.sentAt,
          recipients: a.recipients.join(', '),
          subject: a.subject,
          leg_id: a.legId,
          gap_id: a.gapId,
          message_id: a.messageId,
          created_at: a.createdAt,
        }));
        out(
          renderRows(
            rows,
            ['id', 'rule', 'hex', 'airport', 'event_at', 'status', 'attempts', 'sent_at', 'last_error', 'subject'],
            options.json ? 'json' : 'table',
          ),
        );
      });
    });

  command
    .command('webhooks')
    .description('list webhook deliveries, newest first (one per alert and webhook)')
    .addOption(new Option('--status <status>', 'only deliveries with this status').choices([...STATUSES]))
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (options: { status?: AlertStatus; limit: string; json?: boolean }) => {
      const limit = parseLimit(options.limit);
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const rows = await listWebhookDeliveries(db, { limit, ...(options.status ? { status: options.status } : {}) });
        out(
          renderRows(
            rows.map((r) => ({
              alert_id: r.alertId,
              webhook: r.webhook,
              rule: r.rule,
              hex: r.hex,
              status: r.status,
              attempts: r.attempts,
              http_status: r.lastStatus,
              last_error: r.lastError,
              next_attempt_at: r.nextAttemptAt,
              sent_at: r.sentAt,
            })),
            ['alert_id', 'webhook', 'rule', 'hex', 'status', 'attempts', 'http_status', 'sent_at', 'last_error'],
            options.json ? 'json' : 'table',
          ),
        );
      });
    });

  command
    .command('digest')
    .description('queue the daily digest of the 24 h up to the newest data (once a day) and send what is due')
    .action(async () => {
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const delivery = createAlertDelivery(db, context.config, context.logger);
        try {
          const queued = await delivery.digests!.queue();
          const report = await delivery.deliverDue();
          const d = report.digests;
          out(
            (queued === null
              ? 'no data yet: no digest'
              : `digest ${queued.day} ${queued.queued ? 'queued' : 'already queued'}`) +
              `; digests sent ${d.sent}, retrying ${d.retrying}, failed ${d.failed} ` +
              `(via ${delivery.transport.description})\n`,
          );
          if (d.failed || d.retrying) setExitCode(1);
        } finally {
          delivery.close();
        }
      });
    });

  command
    .command('retry')
    .description('queue an alert (or every failed one) again and deliver what is due now')
    .argument('[id]', 'alert id (see `tailwatch alerts list`)')
    .option('--failed', 'every failed alert')
    .action(async (id: string | undefined, options: { failed?: boolean }) => {
      if ((id === undefined) === (options.failed !== true))
        throw new TailwatchError(
          'USAGE',
          'Give an alert id or --failed (not both), ' +
            'e.g. `tailwatch alerts retry 12` or `tailwatch alerts retry --failed`.',
        );
      if (id !== undefined && !/^\d+$/.test(id))
        throw new TailwatchError(
          'USAGE',
          `"${id}" is not an alert id: use the number in the id column of \`tailwatch alerts list\`.`,
        );
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const requeued = await requeueAlerts(db, id !== undefined ? { id } : { failed: true });
        const requeuedPosts = await requeueWebhookDeliveries(db, id !== undefined ? { alertId: id } : { failed: true });
        if (id !== undefined && !requeued.length && !requeuedPosts.length)
          throw new TailwatchError(
            'NOT_FOUND',
            `Alert ${id} does not exist or was already delivered; ` +
              'see `tailwatch alerts list` and `tailwatch alerts webhooks`.',
          );
        const delivery = createAlertDelivery(db, context.config, context.logger);
        try {
          const report = await delivery.deliverDue();
          const posts = report.webhooks;
          out(
            `requeued ${requeued.length}; emails sent ${report.sent}, retrying ${report.retrying}, ` +
              `failed ${report.failed} (via ${delivery.transport.description})` +
              (requeuedPosts.length || posts.sent || posts.retrying || posts.failed
                ? `; webhook posts requeued ${requeuedPosts.length}, sent ${posts.sent}, ` +
                  `retrying ${posts.retrying}, failed ${posts.failed}`
                : '') +
              '\n',
          );
          if (report.failed || report.retrying || posts.failed || posts.retrying) setExitCode(1);
        } finally {
          delivery.close();
        }
      });
    });

  command
    .command('test')
    .description(
      'send a sample alert email through the configured transport (SMTP_URL, or an .eml file in alerts.mailDir)',
    )
    .option('--to <address...>', 'recipients (default: ALERT_EMAIL_TO)')
    .action(async (options: { to?: string[] }) => {
      const context = createCliContext(globals(), 'command');
      const { config, logger } = context;
      const to = options.to ?? config.alerts.to;
      const transport = createMailTransport(config, logger);
      if (transport.kind === 'smtp' && !to.length)
        throw new TailwatchError('USAGE', 'No recipients: set ALERT_EMAIL_TO or pass --to you@example.org.');
      try {
        const rendered = await renderAlertEmailOnDemand(sampleAlertEmailInput(Date.now()));
        const messageId = alertMessageId('0', config.alerts.from, randomUUID());
        const receipt = await transport.send(
          composeAlertEmail(rendered, {
            from: config.alerts.from,
            to,
            messageId,
            alertIds: [],
            rules: ['departure', 'went_dark'],
          }),
        );
        out(`sent ${messageId} via ${transport.description}: ${receipt.response}\n`);
      } catch (error) {
        if (error instanceof TailwatchError) throw error;
        const failure = classifySendError(error);
        throw new TailwatchError(
          'ALERT_SEND_FAILED',
          `The test email was not sent via ${transport.description}: ${failure.message}. ` +
            'Check SMTP_URL (host, port, TLS, user and password).',
        );
      } finally {
        transport.close();
      }
    });

  return command;
}
