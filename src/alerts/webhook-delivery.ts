import axios from 'axios';
import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { alertById } from '../store/alert-outbox-repository.js';
import { lockDueWebhookDelivery, recordWebhookAttempt } from '../store/alert-webhook-repository.js';
import { type AlertBackoff, alertBackoffFromConfig, nextAttemptDelayMs } from './alert-backoff.js';
import { loadAlertEmailInput } from './alert-email-input-loader.js';
import { classifyWebhookAnswer, type WebhookAnswer } from './webhook-answer.js';
import { type WebhookMessage, webhookMessage } from './webhook-payload.js';
import { type WebhookEndpoint, webhookEndpoints } from './webhook-settings.js';

/** POSTs a body and reports the answer; never throws (a network failure is an answer too). */
export type WebhookPost = (endpoint: WebhookEndpoint, message: WebhookMessage) => Promise<WebhookAnswer>;

/** What became of one webhook attempt, reported after its transaction. */
export interface WebhookAttempt {
  webhook: string;
  alertId: string;
  /** The X-Tailwatch-Alert-Id the receiver saw. */
  webhookAlertId: string;
  status: 'sent' | 'retrying' | 'failed';
  attempts: number;
  httpStatus: number | null;
  error: string | null;
}

export interface WebhookDeliveryDependencies {
  db: Kysely<Database>;
  config: Readonly<TailwatchConfig>;
  logger: Logger;
  post?: WebhookPost;
  clock?: () => number;
  random?: () => number;
  /** Tests only: runs after the receiver answered 2xx and before the row is marked (a crash there). */
  afterDelivered?: (alertId: string) => Promise<void>;
  onAttempt?: (attempt: WebhookAttempt) => void;
}

/** The answer bodies kept for an error message are short; a receiver cannot make us read more. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The real POST, with axios: no redirects (a 3xx is an answer), a timeout, the answer read as text. */
export const postWebhook: WebhookPost = async (endpoint, message) => {
  try {
    const response = await axios.post<string>(endpoint.url, message.body, {
      headers: message.headers,
      timeout: endpoint.timeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_ANSWER_BYTES,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
    const retryAfter = response.headers['retry-after'];
    return {
      httpStatus: response.status,
      retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
      body: typeof response.data === 'string' ? response.data : '',
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = error instanceof Error ? error.message : String(error);
    return { httpStatus: null, error: code ? `${code}: ${reason}` : reason };
  }
};

/**
 * Delivers the outbox's webhook rows: each due delivery is locked (FOR UPDATE SKIP LOCKED) for the time of its
 * POST and marked sent, pending (with backoff, or the receiver's Retry-After if later) or failed in the same
 * transaction. Two processes never post the same delivery at once; a crash between the receiver's 2xx and the
 * update posts it again with the same X-Tailwatch-Alert-Id, for the receiver to drop.
 */
export class WebhookDelivery {
  private readonly endpoints: Map<string, WebhookEndpoint>;
  private readonly backoff: AlertBackoff;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly post: WebhookPost;
  private readonly log: Logger;

  constructor(private readonly deps: WebhookDeliveryDependencies) {
    this.endpoints = new Map(webhookEndpoints(deps.config).map((e) => [e.name, e]));
    this.backoff = alertBackoffFromConfig(deps.config);
    this.clock = deps.clock ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.post = deps.post ?? postWebhook;
    this.log = deps.logger.child({ module: 'alerts' });
  }

  get configured(): boolean {
    return this.endpoints.size > 0;
  }

  /** Posts every due delivery, one at a time. Returns how many went out, are retrying, failed. */
  async deliverDue(): Promise<{ sent: number; retrying: number; failed: number }> {
    const report = { sent: 0, retrying: 0, failed: 0 };
    const names = [...this.endpoints.keys()];
    const tried: string[] = []; // once a pass: a retry due at once waits for the next pass
    for (;;) {
      const attempt = await this.deps.db.transaction().execute(async (trx) => {
        const due = await lockDueWebhookDelivery(trx, new Date(this.clock()), names, tried);
        if (!due) return null;
        tried.push(due.id);
        const endpoint = this.endpoints.get(due.webhook)!;
        const alert = await alertById(trx, due.alertId);
        const attempts = due.attempts + 1;
        const input = await loadAlertEmailInput(trx, [alert!], this.deps.config.watch.airports);
        const message = webhookMessage(input, alert!.dedupeKey, endpoint.secret);
        const outcome = classifyWebhookAnswer(await this.post(endpoint, message), this.clock());
        const now = this.clock();
        const base = {
          webhook: due.webhook,
          alertId: due.alertId,
          webhookAlertId: message.headers['x-tailwatch-alert-id']!,
          attempts,
          httpStatus: outcome.httpStatus,
        };
        if (outcome.kind === 'sent') {
          await this.deps.afterDelivered?.(due.alertId);
          await recordWebhookAttempt(trx, due.id, {
            status: 'sent',
            httpStatus: outcome.httpStatus,
            error: null,
            at: new Date(now),
            nextAttemptAt: null,
          });
          return { ...base, status: 'sent' as const, error: null };
        }
        const giveUp = outcome.kind === 'failed' || attempts >= this.backoff.maxAttempts;
        const backoffMs = nextAttemptDelayMs(attempts, this.backoff, this.random());
        const waitMs =
          outcome.kind === 'retry' && outcome.retryAfterMs !== null
            ? Math.min(Math.max(backoffMs, outcome.retryAfterMs), this.backoff.maxMs)
            : backoffMs;
        const error =
          giveUp && outcome.kind === 'retry' ? `gave up after ${attempts} attempts: ${outcome.error}` : outcome.error;
        await recordWebhookAttempt(trx, due.id, {
          status: giveUp ? 'failed' : 'pending',
          httpStatus: outcome.httpStatus,
          error,
          at: new Date(now),
          nextAttemptAt: giveUp ? null : new Date(now + waitMs),
        });
        return { ...base, status: giveUp ? ('failed' as const) : ('retrying' as const), error };
      });
      if (!attempt) return report;
      report[attempt.status] += 1;
      this.log[attempt.status === 'sent' ? 'info' : attempt.status === 'failed' ? 'error' : 'warn'](
        attempt,
        attempt.status === 'sent'
          ? 'alert posted to webhook'
          : attempt.status === 'failed'
            ? 'alert webhook failed; see `tailwatch alerts list --status failed`'
            : 'alert webhook not delivered yet; will retry',
      );
      this.deps.onAttempt?.(attempt);
    }
  }
}
