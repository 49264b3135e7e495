import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { AlertDelivery, type AlertDeliveryDependencies, type RenderAlertEmail } from './alert-delivery.js';
import { createMailTransport } from './mail-transport.js';

/**
 * The email renderer, loaded on first use: the map drawing stays out of the start-up of commands that
 * never send mail.
 */
export const renderAlertEmailOnDemand: RenderAlertEmail = async (input) =>
  (await import('./email/render-alert-email.js')).renderAlertEmail(input);

/** The delivery as the CLI and the worker use it: the configured transport and the email renderer. */
export function createAlertDelivery(
  db: Kysely<Database>,
  config: Readonly<TailwatchConfig>,
  logger: Logger,
  overrides: Partial<Omit<AlertDeliveryDependencies, 'db' | 'config' | 'logger'>> = {},
): AlertDelivery {
  return new AlertDelivery({
    db,
    config,
    logger,
    transport: overrides.transport ?? createMailTransport(config, logger),
    render: overrides.render ?? renderAlertEmailOnDemand,
    ...overrides,
  });
}
