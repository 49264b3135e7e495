import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyWebhookAnswer, retryAfterMs } from '../../src/alerts/webhook-answer.js';
import { webhookAlertId, webhookMessage } from '../../src/alerts/webhook-payload.js';
import { alertItem, buildAlertEmailInput, seedLegAlertInput } from '../support/alert-email-fixtures.js';

const SECRET = 'a-shared-secret-of-some-length';
const NOW = Date.UTC(2025, 9, 29, 15, 0);

describe('webhookMessage', () => {
  const input = seedLegAlertInput();
  const message = webhookMessage(input, 'departure:leg-1:event-7', SECRET);
  const body = JSON.parse(message.body) as Record<string, unknown>;

  it('signs the exact body with HMAC-SHA256 of the secret', () => {
    const expected = createHmac('sha256', SECRET).update(Buffer.from(message.body, 'utf8')).digest('hex');
    expect(message.headers['x-tailwatch-signature']).toBe(`sha256=${expected}`);
    expect(webhookMessage(input, 'departure:leg-1:event-7', null).headers).not.toHaveProperty('x-tailwatch-signature');
  });

  it('carries a stable alert id, the same in the header and the body, different per dedupe key', () => {
    expect(message.headers['x-tailwatch-alert-id']).toBe(body.id);
    expect(webhookAlertId('departure:leg-1:event-7')).toBe(body.id);
    expect(webhookAlertId('arrival:leg-1:event-9')).not.toBe(body.id);
  });

  it('holds who, what, where and when, the leg, the gaps and the links, and a one-line text', () => {
    const item = input.items[0]!;
    expect(body).toMatchObject({
      rule: item.rule,
      at: new Date(item.at).toISOString(),
      hex: input.airframe.hex,
      registration: input.airframe.registration,
      type: input.airframe.typeCode,
      operator: input.airframe.operator,
      airport: { ident: item.airport!.ident, name: item.airport!.name },
      leg: { departure: 'SVMI', arrival: 'MNMG', status: input.leg!.status },
      links: {
        adsbexchange: expect.stringContaining('globe.adsbexchange.com/?icao=1533ad'),
        adsblol: 'https://adsb.lol/?icao=1533ad',
        airplaneslive: 'https://globe.airplanes.live/?icao=1533ad',
      },
    });
    expect(body.gaps).toHaveLength(input.gaps.length);
    expect((body.gaps as { verdict: string }[]).map((g) => g.verdict)).toEqual(
      input.gaps.map((g) => g.verdict ?? 'unknown'),
    );
    expect(body.text).toMatch(/^RA-78765 IL76 .* departed .*SVMI/);
    expect(body.text).not.toMatch(/[\r\n]/);
  });

  it('keeps text from files from becoming chat markup or links', () => {
    const hostile = buildAlertEmailInput({
      items: [
        alertItem({
          rule: 'arrival',
          airport: { ident: 'ZZZZ', name: '<https://evil|Havana> & co', lat: 22, lon: -82 },
        }),
      ],
    });
    const text = (JSON.parse(webhookMessage(hostile, 'k', null).body) as { text: string }).text;
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('&lt;hxxps[://]evil|Havana&gt; &amp; co');
  });
});

describe('classifyWebhookAnswer', () => {
  it('a 2xx is delivered', () => {
    expect(classifyWebhookAnswer({ httpStatus: 202, retryAfter: null, body: '' }, NOW)).toEqual({
      kind: 'sent',
      httpStatus: 202,
    });
  });

  it.each([408, 429, 500, 502, 503])('%i is retried, after Retry-After when given', (status) => {
    const outcome = classifyWebhookAnswer({ httpStatus: status, retryAfter: '120', body: 'busy' }, NOW);
    expect(outcome).toMatchObject({ kind: 'retry', httpStatus: status, retryAfterMs: 120_000 });
  });

  it.each([400, 401, 403, 404, 410, 301])('%i fails for good, with the answer', (status) => {
    const outcome = classifyWebhookAnswer({ httpStatus: status, retryAfter: null, body: 'no such\nhook' }, NOW);
    expect(outcome).toEqual({ kind: 'failed', httpStatus: status, error: `HTTP ${status}: no such hook` });
  });

  it('a timeout or a refused connection is retried', () => {
    expect(classifyWebhookAnswer({ httpStatus: null, error: 'ECONNREFUSED: connect' }, NOW)).toMatchObject({
      kind: 'retry',
      httpStatus: null,
      retryAfterMs: null,
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });
});
