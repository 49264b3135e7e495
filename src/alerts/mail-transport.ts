import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Logger } from '../log/create-logger.js';
import type { OutgoingEmail } from './outgoing-email.js';

export interface SendReceipt {
  accepted: string[];
  rejected: string[];
  /** The server's final answer, or the file written. */
  response: string;
}

/** Where alert emails go: an SMTP server (SMTP_URL), or .eml files under alerts.mailDir. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** For logs and the CLI, without credentials. */
  readonly description: string;
  send(email: OutgoingEmail): Promise<SendReceipt>;
  close(): void;
}

/** The file name of an email: from its Message-ID, so a resend overwrites the same file. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

function smtpTransport(smtpUrl: string, timeoutMs: number): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    description: `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`,
    async send(email) {
      const info = await transporter.sendMail(email);
      return {
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        response: String(info.response ?? ''),
      };
    },
    close: () => transporter.close(),
  };
}

function fileTransport(mailDir: string, logger: Logger): MailTransport {
  const dir = resolve(mailDir);
  // nodemailer's stream transport builds the raw message exactly as it would go over SMTP.
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    description: `.eml files in ${dir}`,
    async send(email) {
      const info = await transporter.sendMail(email);
      await mkdir(dir, { recursive: true });
      const file = join(dir, emlFileName(email.messageId));
      await writeFile(file, info.message as Buffer);
      logger.info(
        { file, messageId: email.messageId, subject: email.subject },
        'alert email written (SMTP_URL is not set)',
      );
      return { accepted: email.to, rejected: [], response: `written to ${file}` };
    },
    close: () => transporter.close(),
  };
}

export function createMailTransport(config: Readonly<TailwatchConfig>, logger: Logger): MailTransport {
  const { smtpUrl, mailDir, smtpTimeoutSeconds } = config.alerts;
  return smtpUrl ? smtpTransport(smtpUrl, smtpTimeoutSeconds * 1000) : fileTransport(mailDir, logger);
}
