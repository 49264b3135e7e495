/** What to do after a send attempt failed. */
export interface SendFailure {
  /** retry: connection problems, timeouts, SMTP 4xx; fail: SMTP 5xx (the server refused for good). */
  action: 'retry' | 'fail';
  /** What the server answered, or the connection error, for alerts.last_error. */
  message: string;
}

/**
 * Classifies a nodemailer error (pure). nodemailer puts the SMTP reply code in `responseCode` and the
 * server's line in `response`; errors without a reply code (ECONNREFUSED, ETIMEDOUT, ESOCKET...) never
 * reached an answer and are retried.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = (error ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
    message?: unknown;
    command?: unknown;
  };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const answer =
    typeof e.response === 'string' && e.response !== ''
      ? e.response
      : typeof e.message === 'string'
        ? e.message
        : String(error);
  const prefix = typeof e.code === 'string' ? `${e.code}: ` : '';
  const text = `${prefix}${answer}`.replace(/[\r\n]+/g, ' ').slice(0, 1000);
  if (code !== null && code >= 500 && code < 600) return { action: 'fail', message: text };
  return { action: 'retry', message: text };
}
