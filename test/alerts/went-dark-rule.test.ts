import { describe, expect, it } from 'vitest';
import type { AlertAirport } from '../../src/alerts/alert-email-input.js';
import type { AlertRuleSettings } from '../../src/alerts/alert-settings.js';
import { wentDarkAlerts, wentDarkDedupeKey } from '../../src/alerts/went-dark-rule.js';
import type { MatchedBy } from '../../src/db/database-schema.js';
import type { GapVerdictRow } from '../../src/store/gap-verdicts-repository.js';
import type { GapVerdict } from '../../src/tracking/gap-verdict.js';

const MUHA: AlertAirport = { ident: 'MUHA', name: 'José Martí International Airport', lat: 22.9892, lon: -82.4091 };
const watched = new Map([[MUHA.ident, MUHA]]);
const T = Date.UTC(2025, 9, 29, 14, 5);
const on = { enabled: true, recipients: ['team@example.org'] };
const settings = (over: Partial<AlertRuleSettings> = {}): AlertRuleSettings => ({
  rules: { departure: on, arrival: on, went_dark: on, emergency_squawk: on, unlisted: on },
  wentDarkMaxKm: 300,
  wentDarkVerdicts: ['dark'],
  probeRadiusKm: 100,
  squawkHoldMs: 60_000,
  ...over,
});
const purposes: Record<string, MatchedBy> = { '1533ad': 'watchlist', '15abcd': 'type' };
const purposeOf = (hex: string) => purposes[hex] ?? 'area';

// 1 degree of latitude is about 111 km.
function gap(verdict: GapVerdict, hex = '1533ad', degreesSouthOfMuha = 1): GapVerdictRow {
  return {
    id: '41',
    gapKey: `${hex}:${T}`,
    hex,
    legId: '9',
    startedAt: T,
    endedAt: null,
    startLat: MUHA.lat - degreesSouthOfMuha,
    startLon: MUHA.lon,
    verdict,
    evidence: {
      cycles: 6,
      outageCycles: 0,
      coveredCycles: verdict === 'dark' ? 6 : 0,
      heardWithoutPositionCycles: 0,
      othersHeard: verdict === 'dark' ? 7 : 0,
      nearestOtherKm: verdict === 'dark' ? 31.5 : null,
      providersChecked: ['adsb.fi', 'adsb.lol'],
    },
  };
}

describe('wentDarkAlerts', () => {
  it.each([
    { name: 'a dark gap of a listed airframe near a watched airport', gaps: [gap('dark')], raised: 1 },
    { name: 'a coverage gap', gaps: [gap('coverage')], raised: 0 },
    { name: 'an outage gap', gaps: [gap('outage')], raised: 0 },
    { name: 'an unknown gap (by default)', gaps: [gap('unknown')], raised: 0 },
    { name: 'a dark gap 333 km from any watched airport', gaps: [gap('dark', '1533ad', 3)], raised: 0 },
    { name: 'a dark gap of an unlisted aircraft', gaps: [gap('dark', '15abcd')], raised: 0 },
  ])('$name: $raised alert(s)', ({ gaps, raised }) => {
    expect(wentDarkAlerts(gaps, { watched, purposeOf, settings: settings() })).toHaveLength(raised);
  });

  it('mails unknown gaps too when configured', () => {
    const s = settings({ wentDarkVerdicts: ['dark', 'unknown'] });
    expect(wentDarkAlerts([gap('unknown'), gap('coverage')], { watched, purposeOf, settings: s })).toHaveLength(1);
  });

  it('says why, keeps the per-gap dedupe key of the gap_opened rule, and points at the gap and leg rows', () => {
    const [alert] = wentDarkAlerts([gap('dark')], { watched, purposeOf, settings: settings() });
    expect(alert).toMatchObject({
      rule: 'went_dark',
      airport: 'MUHA',
      at: T,
      gapId: '41',
      legId: '9',
      dedupeKey: `went_dark:gap:1533ad:${T}:gap_opened:1533ad:${T}`,
    });
    expect(alert!.details.reason).toMatch(
      /^7 other aircraft heard within 100 km of its expected position while it was silent/,
    );
    expect(alert!.details.verdict).toBe('dark');
    expect(alert!.details.distanceKm).toBeGreaterThan(105);
    expect(alert!.details.distanceKm).toBeLessThan(116);
    // the same gap judged again (another poll, a restart) gives the same key: insertAlerts keeps one row
    expect(wentDarkDedupeKey(gap('dark'))).toBe(alert!.dedupeKey);
  });
});
