import { describe, expect, it } from 'vitest';
import type { AlertAirport } from '../../src/alerts/alert-email-input.js';
import { type AlertRuleSettings } from '../../src/alerts/alert-settings.js';
import { alertsForEvents } from '../../src/alerts/event-alert-rules.js';
import type { MatchedBy } from '../../src/db/database-schema.js';
import type { TrackEvent } from '../../src/tracking/track-event.js';

const MUHA: AlertAirport = { ident: 'MUHA', name: 'José Martí International Airport', lat: 22.9892, lon: -82.4091 };
const SVMI: AlertAirport = {
  ident: 'SVMI',
  name: 'Simón Bolívar International Airport',
  lat: 10.601194,
  lon: -66.991222,
};
const watched = new Map([MUHA, SVMI].map((a) => [a.ident, a]));
const T = Date.UTC(2025, 9, 29, 14, 5);
const on = (to: string[] = ['team@example.org']) => ({ enabled: true, recipients: to });
const settings = (over: Partial<AlertRuleSettings['rules']> = {}): AlertRuleSettings => ({
  rules: { departure: on(), arrival: on(), went_dark: on(), emergency_squawk: on(), unlisted: on(), ...over },
  wentDarkMaxKm: 300,
  wentDarkVerdicts: ['dark'],
  probeRadiusKm: 100,
  squawkHoldMs: 60_000,
});
const purposes: Record<string, MatchedBy> = { '1533ad': 'watchlist', '15abcd': 'type', aaaaaa: 'area' };
const purposeOf = (hex: string) => purposes[hex] ?? 'area';

const takeoff = (hex: string, airport: string | null, inferred = false): TrackEvent => ({
  kind: 'takeoff',
  hex,
  legKey: `${hex}:1`,
  at: T,
  airport,
  inferred,
  lat: MUHA.lat,
  lon: MUHA.lon,
});
const landing = (hex: string, airport: string | null, inferred = false): TrackEvent => ({
  kind: 'landing',
  hex,
  legKey: `${hex}:1`,
  at: T,
  airport,
  inferred,
  lat: SVMI.lat,
  lon: SVMI.lon,
});
// 1 degree of latitude is about 111 km.
const dark = (hex: string, degreesSouthOfMuha: number): TrackEvent => ({
  kind: 'gap_opened',
  hex,
  legKey: `${hex}:1`,
  gapKey: `${hex}:2`,
  at: T,
  lat: MUHA.lat - degreesSouthOfMuha,
  lon: MUHA.lon,
  altFt: 30_000,
});

describe('alertsForEvents', () => {
  it.each([
    {
      name: 'listed takeoff from a watched airport',
      event: takeoff('1533ad', 'MUHA'),
      rules: [['departure', 'MUHA', false]],
    },
    { name: 'listed takeoff elsewhere', event: takeoff('1533ad', 'GQNO'), rules: [] },
    { name: 'takeoff with no airport', event: takeoff('1533ad', null), rules: [] },
    {
      name: 'observed landing at a watched airport',
      event: landing('1533ad', 'SVMI'),
      rules: [['arrival', 'SVMI', false]],
    },
    {
      name: 'inferred landing at a watched airport',
      event: landing('1533ad', 'SVMI', true),
      rules: [['arrival', 'SVMI', true]],
    },
    {
      name: 'unlisted aircraft of a watched type landing',
      event: landing('15abcd', 'SVMI'),
      rules: [['unlisted', 'SVMI', false]],
    },
    {
      name: 'unlisted aircraft of a watched type departing',
      event: takeoff('15abcd', 'MUHA'),
      rules: [['unlisted', 'MUHA', false]],
    },
    { name: 'area traffic landing', event: landing('aaaaaa', 'SVMI'), rules: [] },
    // went_dark follows the gap's verdict (went-dark-rule.test.ts), not its opening.
    { name: 'listed gap opening 111 km from a watched airport', event: dark('1533ad', 1), rules: [] },
  ])('$name', ({ event, rules }) => {
    const alerts = alertsForEvents([{ id: '7', event }], { watched, purposeOf, settings: settings() });
    expect(alerts.map((a) => [a.rule, a.airport, a.details.inferred])).toEqual(rules);
    for (const a of alerts)
      expect(a).toMatchObject({ eventId: '7', hex: event.hex, at: T, recipients: ['team@example.org'] });
  });

  it("leaves out disabled rules and uses each rule's own recipients", () => {
    const s = settings({ departure: { enabled: false, recipients: [] }, arrival: on(['ops@example.org']) });
    const alerts = alertsForEvents(
      [
        { id: '1', event: takeoff('1533ad', 'MUHA') },
        { id: '2', event: landing('1533ad', 'SVMI') },
      ],
      { watched, purposeOf, settings: s },
    );
    expect(alerts.map((a) => [a.rule, a.recipients])).toEqual([['arrival', ['ops@example.org']]]);
  });

  it('derives the same dedupe key from the same event, and different keys for different rules or events', () => {
    const ctx = { watched, purposeOf, settings: settings() };
    const once = alertsForEvents([{ id: '1', event: takeoff('1533ad', 'MUHA') }], ctx);
    const again = alertsForEvents([{ id: '99', event: takeoff('1533ad', 'MUHA') }], ctx);
    const other = alertsForEvents([{ id: '2', event: landing('1533ad', 'MUHA') }], ctx);
    expect(again[0]?.dedupeKey).toBe(once[0]?.dedupeKey);
    expect(other[0]?.dedupeKey).not.toBe(once[0]?.dedupeKey);
  });

  it('ignores events that raise no alert (leg_opened, gap_closed, leg_closed)', () => {
    const events: TrackEvent[] = [
      {
        kind: 'leg_opened',
        hex: '1533ad',
        legKey: 'k',
        at: T,
        lat: MUHA.lat,
        lon: MUHA.lon,
        altFt: 500,
        callsign: 'AZS8765',
      },
      {
        kind: 'leg_closed',
        hex: '1533ad',
        legKey: 'k',
        at: T,
        status: 'landed',
        departureAirport: 'MUHA',
        arrivalAirport: 'SVMI',
      },
    ];
    expect(
      alertsForEvents(
        events.map((event, i) => ({ id: String(i), event })),
        { watched, purposeOf, settings: settings() },
      ),
    ).toEqual([]);
  });
});
