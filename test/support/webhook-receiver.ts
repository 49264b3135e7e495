import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as the receiver got it: the raw body, so a test can check the signature over its exact bytes. */
export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The answer it was given. */
  status: number;
}

export interface WebhookAnswerScript {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedPost[];
  /** Answers the next POSTs in order with these; after them, 204. */
  script(...answers: WebhookAnswerScript[]): void;
  close(): Promise<void>;
}

/** A real local HTTP server that takes webhook POSTs and answers as the test scripts. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queue: WebhookAnswerScript[] = [];
  const received: ReceivedPost[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = queue.shift() ?? { status: 204 };
      received.push({
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: answer.status,
      });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tailwatch`,
    received,
    script: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
