import type { AlertRule, RenderedEmail } from './alert-email-input.js';

/** A message as handed to nodemailer: every header value is built here, never taken raw from a feed. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: Array<{ filename: string; content: Buffer; contentType: string; cid?: string }>;
}

/** One line of at most 300 characters, no control characters: safe as a header value. */
export function headerSafe(value: string, max = 300): string {
  const line = value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A file name without path separators or control characters. */
function safeFilename(name: string): string {
  return headerSafe(name, 100).replace(/[\\/"]/g, '_') || 'attachment';
}

/**
 * The message for a rendered email (pure). The subject is reduced to one safe line whatever the renderer
 * returned; recipients and sender come from the config; the alert ids and rules go in X- headers for
 * filtering.
 */
export function composeAlertEmail(
  rendered: RenderedEmail,
  r: {
    from: string;
    to: readonly string[];
    messageId: string;
    alertIds: readonly string[];
    rules: readonly AlertRule[];
  },
): OutgoingEmail {
  return {
    from: r.from,
    to: [...r.to],
    subject: headerSafe(rendered.subject) || '[tailwatch] alert',
    text: rendered.text,
    html: rendered.html,
    messageId: r.messageId,
    headers: {
      'X-Tailwatch-Alert-Ids': r.alertIds.filter((id) => /^\d+$/.test(id)).join(','),
      'X-Tailwatch-Rules': [...new Set(r.rules)].join(','),
    },
    attachments: rendered.attachments.map((a) => ({
      filename: safeFilename(a.filename),
      content: a.content,
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType) ? a.contentType : 'application/octet-stream',
      ...(a.cid ? { cid: a.cid.replace(/[^\w.@-]/g, '') } : {}),
    })),
  };
}
