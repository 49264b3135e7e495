import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses (the envelope: who actually gets it). */
  rcptTo: string[];
  mailFrom: string | null;
  raw: string;
  parsed: ParsedMail;
}

/** What the server answers to DATA: accept, a temporary failure (4xx) or a permanent one (5xx). */
export type SmtpAnswer = { kind: 'accept' } | { kind: 'reject'; code: number; message: string };

export interface SmtpTestServer {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Answer every following message this way. */
  answer(answer: SmtpAnswer): void;
  /** Stops listening (connections are refused) until start() is called again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real smtp-server on 127.0.0.1 (port 0 unless given), no TLS, no auth; each accepted message is parsed
 * back with mailparser. Use in integration tests; always `await server.close()`.
 */
export async function startSmtpTestServer(options: { port?: number } = {}): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let answer: SmtpAnswer = { kind: 'accept' };
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  const create = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (answer.kind === 'reject') {
            const error = Object.assign(new Error(answer.message), { responseCode: answer.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              received.push({
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                raw,
                parsed,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });

  const listen = async () => {
    server = create();
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    answer: (next) => {
      answer = next;
    },
    stop,
    start: listen,
    close: stop,
  };
}
