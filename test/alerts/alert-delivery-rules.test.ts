import { describe, expect, it } from 'vitest';
import { nextAttemptDelayMs } from '../../src/alerts/alert-backoff.js';
import { thinTrack } from '../../src/alerts/alert-email-input-loader.js';
import { alertMessageId, groupAlertsForEmail } from '../../src/alerts/alert-grouping.js';
import { emlFileName } from '../../src/alerts/mail-transport.js';
import { composeAlertEmail, headerSafe } from '../../src/alerts/outgoing-email.js';
import { classifySendError } from '../../src/alerts/smtp-failure.js';

const T = Date.UTC(2025, 9, 29, 14, 5);

describe('groupAlertsForEmail', () => {
  it("folds one airframe's alerts within the throttle window, per airframe", () => {
    const groups = groupAlertsForEmail(
      [
        { id: '1', hex: 'aaaaaa', at: T, messageId: null },
        { id: '2', hex: 'bbbbbb', at: T + 10_000, messageId: null },
        { id: '3', hex: 'aaaaaa', at: T + 30_000, messageId: null },
        { id: '4', hex: 'aaaaaa', at: T + 61_000, messageId: null },
      ],
      60_000,
    );
    expect(groups.map((g) => g.ids)).toEqual([['1', '3'], ['4'], ['2']]);
  });

  it('keeps alerts already in an email together under their Message-ID', () => {
    const groups = groupAlertsForEmail(
      [
        { id: '1', hex: 'aaaaaa', at: T, messageId: '<m1@x>' },
        { id: '2', hex: 'aaaaaa', at: T + 1000, messageId: null },
        { id: '3', hex: 'aaaaaa', at: T + 2000, messageId: '<m1@x>' },
      ],
      60_000,
    );
    expect(groups).toEqual([
      { messageId: '<m1@x>', ids: ['1', '3'] },
      { messageId: null, ids: ['2'] },
    ]);
  });

  it('sends one email per alert with a throttle of 0 unless they happened at the same instant', () => {
    const groups = groupAlertsForEmail(
      [
        { id: '1', hex: 'a', at: T, messageId: null },
        { id: '2', hex: 'a', at: T + 1, messageId: null },
      ],
      0,
    );
    expect(groups).toHaveLength(2);
  });
});

describe('alertMessageId', () => {
  it.each([
    ['tailwatch <alerts@example.org>', '@example.org>'],
    ['alerts@example.org', '@example.org>'],
    ['no address', '@tailwatch.invalid>'],
  ])('%s', (from, suffix) => {
    const id = alertMessageId('42', from, 'ab-12\r\nX');
    expect(id.startsWith('<tailwatch-alert-42-ab12X')).toBe(true);
    expect(id.endsWith(suffix)).toBe(true);
    expect(id).not.toMatch(/[\r\n\s]/);
  });
});

describe('nextAttemptDelayMs', () => {
  const backoff = { initialMs: 30_000, maxMs: 1_800_000, maxAttempts: 50 };
  it.each([
    [1, 0.5, 30_000],
    [2, 0.5, 60_000],
    [3, 0.5, 120_000],
    [20, 0.5, 1_800_000],
    [1, 0, 24_000],
    [1, 1, 36_000],
  ])('after %i attempts (random %f): %i ms', (attempts, random, expected) => {
    expect(nextAttemptDelayMs(attempts, backoff, random)).toBe(expected);
  });
});

describe('classifySendError', () => {
  it.each<[{ code: string; responseCode?: number; text: string }, 'retry' | 'fail']>([
    [{ code: 'ECONNECTION', text: 'connect ECONNREFUSED 127.0.0.1:2525' }, 'retry'],
    [{ code: 'ETIMEDOUT', text: 'Greeting never received' }, 'retry'],
    [{ code: 'EENVELOPE', responseCode: 451, text: '451 4.3.0 Try again later' }, 'retry'],
    [{ code: 'EMESSAGE', responseCode: 421, text: '421 Service not available' }, 'retry'],
    [{ code: 'EENVELOPE', responseCode: 550, text: '550 5.1.1 No such user' }, 'fail'],
    [{ code: 'EAUTH', responseCode: 535, text: '535 5.7.8 Authentication failed' }, 'fail'],
  ])('%o -> %s', ({ code, responseCode, text }, action) => {
    const error = Object.assign(new Error(text), { code, ...(responseCode ? { responseCode, response: text } : {}) });
    const failure = classifySendError(error);
    expect(failure.action).toBe(action);
    expect(failure.message).toContain(text);
  });
});

describe('composeAlertEmail and header safety', () => {
  it.each([
    ['RA-78765\r\nBcc: victim@example.org', 'RA-78765 Bcc: victim@example.org'],
    ['a\u0000b\u2028c', 'a b c'],
    ['   spaced\tout  ', 'spaced out'],
  ])('headerSafe(%j) is one clean line', (input, expected) => {
    expect(headerSafe(input)).toBe(expected);
  });

  it('never lets the rendered subject or attachment names carry a line break', () => {
    const email = composeAlertEmail(
      {
        subject: '[tailwatch] X\r\nBcc: evil@example.org',
        text: 't',
        html: '<p>h</p>',
        attachments: [{ filename: 'leg\r\n.geojson', content: Buffer.from('{}'), contentType: 'application/geo+json' }],
      },
      {
        from: 'tailwatch <t@example.org>',
        to: ['team@example.org'],
        messageId: '<m@example.org>',
        alertIds: ['1', '2; x'],
        rules: ['departure', 'departure', 'went_dark'],
      },
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.attachments[0]?.filename).not.toMatch(/[\r\n]/);
    expect(email.headers).toEqual({ 'X-Tailwatch-Alert-Ids': '1', 'X-Tailwatch-Rules': 'departure,went_dark' });
  });

  it('names .eml files after the Message-ID, without path characters', () => {
    expect(emlFileName('<tailwatch-alert-1-abc@example.org>')).toBe(
      'tailwatch-alert-1-abc@example.org.eml'.replace('@', '_'),
    );
    expect(emlFileName('<../../etc/passwd>')).not.toContain('/');
  });
});

describe('thinTrack', () => {
  it.each([
    [10, 20],
    [5000, 2000],
    [2001, 2000],
    [2002, 2000],
  ])('%i points with at most %i: within the cap, at least half of it, in order, first and last kept', (n, max) => {
    const points = Array.from({ length: n }, (_, i) => i);
    const thinned = thinTrack(points, max);
    expect(thinned.length).toBeLessThanOrEqual(max);
    expect(thinned.length).toBeGreaterThanOrEqual(Math.min(n, max / 2));
    expect(thinned).toEqual([...thinned].sort((a, b) => a - b));
    expect(thinned[0]).toBe(0);
    expect(thinned[thinned.length - 1]).toBe(n - 1);
  });
});
