/**
 * What a webhook's answer means for the alert (pure): a 2xx is delivered; 408, 429, 5xx, a timeout or a
 * connection error is tried again, after the receiver's `Retry-After` when it gives one; any other answer
 * (a 4xx, a redirect) fails the delivery for good, with the answer, since sending it again cannot help.
 */

export type WebhookOutcome =
  | { kind: 'sent'; httpStatus: number }
  | { kind: 'retry'; httpStatus: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'failed'; httpStatus: number; error: string };

export type WebhookAnswer =
  { httpStatus: number; retryAfter: string | null; body: string } | { httpStatus: null; error: string };

/** `Retry-After` as seconds or as an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function describe(status: number, body: string): string {
  const excerpt = body
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .trim()
    .slice(0, 200);
  return excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`;
}

export function classifyWebhookAnswer(answer: WebhookAnswer, now: number): WebhookOutcome {
  if (answer.httpStatus === null) {
    return { kind: 'retry', httpStatus: null, error: answer.error, retryAfterMs: null };
  }
  const status = answer.httpStatus;
  if (status >= 200 && status < 300) return { kind: 'sent', httpStatus: status };
  const error = describe(status, answer.body);
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', httpStatus: status, error, retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  }
  return { kind: 'failed', httpStatus: status, error };
}
