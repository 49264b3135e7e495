import { ALERT_RULE_KEYS, type TailwatchConfig } from '../config/config-schema.js';
import type { AlertRule } from './alert-email-input.js';

/** One configured webhook, resolved: its rules as the outbox names them, its timeout in ms. */
export interface WebhookEndpoint {
  name: string;
  url: string;
  secret: string | null;
  rules: readonly AlertRule[];
  timeoutMs: number;
}

const RULE_NAMES: Readonly<Record<(typeof ALERT_RULE_KEYS)[number], AlertRule>> = {
  departure: 'departure',
  arrival: 'arrival',
  wentDark: 'went_dark',
  emergencySquawk: 'emergency_squawk',
  unlisted: 'unlisted',
};

/** The name `ALERT_WEBHOOK_URL` gets: it takes every rule. */
export const DEFAULT_WEBHOOK_NAME = 'default';

/**
 * The webhooks alerts go to: `alerts.webhooks` from the config file, plus `ALERT_WEBHOOK_URL` (with
 * `ALERT_WEBHOOK_SECRET`) as one more, named "default", for every rule. Pure.
 */
export function webhookEndpoints(config: Readonly<TailwatchConfig>): WebhookEndpoint[] {
  const { webhooks, webhookUrl, webhookSecret } = config.alerts;
  const endpoints: WebhookEndpoint[] = webhooks.map((w) => ({
    name: w.name,
    url: w.url,
    secret: w.secret,
    rules: (w.rules ?? ALERT_RULE_KEYS).map((key) => RULE_NAMES[key]),
    timeoutMs: w.timeoutSeconds * 1000,
  }));
  if (webhookUrl && !endpoints.some((e) => e.name === DEFAULT_WEBHOOK_NAME)) {
    endpoints.push({
      name: DEFAULT_WEBHOOK_NAME,
      url: webhookUrl,
      secret: webhookSecret,
      rules: Object.values(RULE_NAMES),
      timeoutMs: 10_000,
    });
  }
  return endpoints;
}
