import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/create-logger.js';
import { redactSecrets } from '../../src/log/redact-secrets.js';

function captureLogger() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    format: 'json',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return {
    logger,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    raw: () => lines.join(''),
  };
}

describe('redactSecrets', () => {
  it.each([
    ['postgresql://tw:s3cret@db.example.org:5432/tw', 'postgresql://***@db.example.org:5432/tw'],
    ['smtps://alerts%40x.org:p%40ss@smtp.x.org:465', 'smtps://***@smtp.x.org:465'],
    ['connect to postgres://a:b@h/d failed', 'connect to postgres://***@h/d failed'],
    ['https://api.example.org/v2?key=abc123&x=1', 'https://api.example.org/v2?key=***&x=1'],
    ['postgresql://tw@db/tw (no password)', 'postgresql://***@db/tw (no password)'],
    // Not URL-encoded: a password with a slash, a space, a colon or an @ is masked whole.
    ['postgresql://tw:se/cr et@db/tw', 'postgresql://***@db/tw'],
    ['smtp://u:p@ss:w/rd@mail:25 then', 'smtp://***@mail:25 then'],
    ['a postgres://u:x@h/d and smtp://v:y@m:25', 'a postgres://***@h/d and smtp://***@m:25'],
    ['line postgres://u:x@h/d\nnext a@b', 'line postgres://***@h/d\nnext a@b'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe('the logger never writes URL passwords', () => {
  it('in messages, nested objects, errors and password-named fields', () => {
    const { logger, records, raw } = captureLogger();
    logger.info(
      { url: 'postgresql://tw:s3cret@db/tw', nested: { smtp: ['smtps://u:hunter2@mail:465'] } },
      'using smtps://u:hunter2@mail:465',
    );
    logger.error({ err: new Error('connect ECONNREFUSED postgresql://tw:s3cret@db/tw') }, 'failed');
    logger.info({ password: 'plain', apiKey: 'k' }, 'fields');
    logger.flush();
    const text = raw();
    expect(text).not.toMatch(/s3cret|hunter2|"plain"/);
    const [first, second, third] = records();
    expect(first).toMatchObject({ url: 'postgresql://***@db/tw', msg: 'using smtps://***@mail:465' });
    expect((second?.err as { message: string }).message).toBe('connect ECONNREFUSED postgresql://***@db/tw');
    expect(third).toMatchObject({ password: '***', apiKey: '***' });
  });
});
