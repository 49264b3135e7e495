import { describe, it, expect } from 'vitest';
import type { AlertItem } from '../../../src/alerts/alert-email-input.js';
import { buildAlertSubject, SUBJECT_MAX_LENGTH } from '../../../src/alerts/email/alert-subject.js';
import {
  alertAirport,
  alertItem,
  buildAlertEmailInput,
  SAMPLE_DEPARTED_AT,
  type AlertInputOverrides,
} from '../../support/alert-email-fixtures.js';

const MUHA = alertAirport('MUHA');
const MNMG = alertAirport('MNMG');
const MROC = alertAirport('MROC');
const T = SAMPLE_DEPARTED_AT; // 2025-10-29 14:05Z

describe('buildAlertSubject', () => {
  const cases: Array<{ name: string; items: AlertItem[]; airframe?: AlertInputOverrides['airframe']; want: string }> = [
    {
      name: 'departure',
      items: [alertItem({ rule: 'departure', at: T, airport: MUHA })],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans departed Havana (MUHA) 2025-10-29 14:05Z',
    },
    {
      name: 'observed arrival',
      items: [alertItem({ rule: 'arrival', at: T + 3_600_000, airport: MNMG })],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans arrived at Managua (MNMG) 2025-10-29 15:05Z',
    },
    {
      name: 'inferred arrival',
      items: [alertItem({ rule: 'arrival', at: T, airport: MNMG, inferred: true })],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans arrived (inferred) at Managua (MNMG) 2025-10-29 14:05Z',
    },
    {
      name: 'went dark',
      items: [alertItem({ rule: 'went_dark', at: T, airport: MNMG, distanceKm: 100 })],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans went dark near Managua (MNMG) 2025-10-29 14:05Z',
    },
    {
      name: 'emergency squawk',
      items: [alertItem({ rule: 'emergency_squawk', at: T, squawk: '7700' })],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans squawked 7700 2025-10-29 14:05Z',
    },
    {
      name: 'airport without a short name keeps its stored name',
      items: [alertItem({ rule: 'departure', at: T, airport: MROC })],
      want:
        '[tailwatch] RA-78765 IL76 Aviacon Zitotrans departed ' +
        'Juan Santamaría International Airport (MROC) 2025-10-29 14:05Z',
    },
    {
      name: 'several items: the first one and a count',
      items: [
        alertItem({ rule: 'departure', at: T, airport: MUHA }),
        alertItem({ rule: 'went_dark', at: T + 1_200_000, airport: MUHA }),
        alertItem({ rule: 'emergency_squawk', at: T + 1_300_000, squawk: '7600' }),
      ],
      want: '[tailwatch] RA-78765 IL76 Aviacon Zitotrans departed Havana (MUHA) 2025-10-29 14:05Z (+2 more)',
    },
    {
      name: 'no registration: the hex',
      airframe: { registration: null },
      items: [alertItem({ rule: 'departure', at: T, airport: MUHA })],
      want: '[tailwatch] 1533ad IL76 Aviacon Zitotrans departed Havana (MUHA) 2025-10-29 14:05Z',
    },
  ];

  it.each(cases)('$name', ({ items, airframe, want }) => {
    expect(buildAlertSubject(buildAlertEmailInput({ items, ...(airframe ? { airframe } : {}) }))).toBe(want);
  });

  it('unlisted aircraft landing at a watched airport: marked unlisted, with its hex', () => {
    const input = buildAlertEmailInput({
      airframe: {
        hex: '0d0f1e',
        registration: 'XA-ABC',
        operator: 'Somebody',
        reason: null,
        source: null,
        listed: false,
      },
      items: [alertItem({ rule: 'unlisted', at: T, airport: MUHA })],
      leg: {
        ...buildAlertEmailInput().leg!,
        departureAirport: MNMG,
        arrivalAirport: MUHA,
        departedAt: T - 3 * 3_600_000,
        arrivedAt: T,
      },
    });
    expect(buildAlertSubject(input)).toBe('[tailwatch] unlisted IL76 0d0f1e landed at Havana (MUHA) 2025-10-29 14:05Z');
  });

  it('unlisted aircraft departing a watched airport', () => {
    const input = buildAlertEmailInput({
      airframe: { hex: '0d0f1e', listed: false },
      items: [alertItem({ rule: 'unlisted', at: T, airport: MUHA })],
    });
    expect(buildAlertSubject(input)).toBe('[tailwatch] unlisted IL76 0d0f1e departed Havana (MUHA) 2025-10-29 14:05Z');
  });

  const hostile = ['RA-1\r\nBcc: x@y', '<script>alert(1)</script>', '"quotes"\u0000\u0007\u2028x', 'A'.repeat(5_000)];
  it.each(hostile)('hostile registration/operator %#: one line, no control characters, bounded length', (evil) => {
    const subject = buildAlertSubject(
      buildAlertEmailInput({ airframe: { registration: evil, operator: evil, typeCode: evil } }),
    );
    expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
    expect(subject.startsWith('[tailwatch] ')).toBe(true);
    expect(subject).toContain('departed Havana (MUHA) 2025-10-29 14:05Z');
  });
});
