import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { AlertDelivery, type AlertDeliveryDependencies, type RenderAlertEmail } from './alert-delivery.js';
import { createMailTransport } from './mail-transport.js';
import { DigestDelivery } from './digest/digest-delivery.js';
import { WebhookDelivery, type WebhookDeliveryDependencies } from './webhook-delivery.js';

/**
 * The email renderer, loaded on first use: the map drawing stays out of the start-up of commands that
 * never send mail.
 */
export const renderAlertEmailOnDemand: RenderAlertEmail = async (input) =>
  (await import('./email/render-alert-email.js')).renderAlertEmail(input);

/**
 * The delivery as the CLI and the worker use it: the configured transport, the email renderer, and the
 * configured webhooks.
 */
export function createAlertDelivery(
  db: Kysely<Database>,
  config: Readonly<TailwatchConfig>,
  logger: Logger,
  overrides: Partial<Omit<AlertDeliveryDependencies, 'db' | 'config' | 'logger'>> & {
    webhook?: Partial<Omit<WebhookDeliveryDependencies, 'db' | 'config' | 'logger'>>;
  } = {},
): AlertDelivery {
  const { webhook, ...rest } = overrides;
  const webhooks = new WebhookDelivery({ db, config, logger, ...webhook });
  const transport = rest.transport ?? createMailTransport(config, logger);
  return new AlertDelivery({
    db,
    config,
    logger,
    transport,
    render: rest.render ?? renderAlertEmailOnDemand,
    webhooks: webhooks.configured ? webhooks : null,
    digests: new DigestDelivery({
      db,
      config,
      logger,
      transport,
      ...(rest.clock ? { clock: rest.clock } : {}),
      ...(rest.random ? { random: rest.random } : {}),
    }),
    ...rest,
  });
}
