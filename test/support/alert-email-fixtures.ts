import type {
  AlertAirframe,
  AlertAirport,
  AlertEmailInput,
  AlertGap,
  AlertItem,
  AlertLeg,
  AlertRule,
  AlertTrackPoint,
} from '../../src/alerts/alert-email-input.js';
import type { GapRecord } from '../../src/tracking/gap-record.js';
import { haversineKm, intermediatePoint } from '../../src/shared/geo.js';
import type { LegRecord } from '../../src/tracking/leg-record.js';
import { TEST_AIRPORTS } from './test-airports.js';
import { replayAll } from './trajectory-replay.js';
import { buildSeedScenario, SEED_HEX, SEED_REGISTRATION } from './trajectory-seed-scenario.js';

/**
 * Builders of AlertEmailInput values for tests of the email renderer and the alert outbox: a small
 * hand-made departure from Havana (fast, every field set), and the seed scenario's legs as the
 * tracking engine reconstructs them (realistic: thousands of points, real gaps).
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

/** An airport of the test list as the outbox hands it to the renderer. */
export function alertAirport(ident: string): AlertAirport {
  const a = TEST_AIRPORTS.find((x) => x.ident === ident);
  if (a === undefined) throw new Error(`no test airport ${ident}`);
  return { ident: a.ident, name: a.name, lat: a.lat, lon: a.lon };
}

/** The default WATCH_AIRPORTS: SVMI, MUHA, MNMG. */
export const WATCHED_ALERT_AIRPORTS: readonly AlertAirport[] = ['SVMI', 'MUHA', 'MNMG'].map(alertAirport);

export const SEED_ALERT_AIRFRAME: AlertAirframe = {
  hex: SEED_HEX,
  registration: SEED_REGISTRATION,
  typeCode: 'IL76',
  operator: 'Aviacon Zitotrans',
  reason: 'OFAC SDN: program RUSSIA-EO14024; linked to AVIACON ZITOTRANS',
  source: 'ofac-sdn',
  listed: true,
};

/** 2025-10-29 14:05Z, the departure time of the example subject. */
export const SAMPLE_DEPARTED_AT = Date.UTC(2025, 9, 29, 14, 5);

export function alertItem(partial: Partial<AlertItem> & Pick<AlertItem, 'rule'>): AlertItem {
  return {
    alertId: partial.alertId ?? `alert-${partial.rule}`,
    at: SAMPLE_DEPARTED_AT,
    airport: null,
    inferred: false,
    lat: null,
    lon: null,
    ...partial,
  };
}

export interface AlertInputOverrides {
  airframe?: Partial<AlertAirframe>;
  items?: AlertItem[];
  leg?: AlertLeg | null;
  gaps?: AlertGap[];
  track?: AlertTrackPoint[];
  watchedAirports?: AlertAirport[];
}

/**
 * RA-78765 departs Havana (MUHA) at 14:05Z towards Caracas, climbs out for 20 min (one point a
 * minute), goes dark at 14:25Z and is not seen again: one departure item, an airborne leg, one open gap.
 */
export function buildAlertEmailInput(overrides: AlertInputOverrides = {}): AlertEmailInput {
  const muha = alertAirport('MUHA');
  const svmi = alertAirport('SVMI');
  const track: AlertTrackPoint[] = [];
  for (let i = 0; i <= 20; i++) {
    const p = intermediatePoint(
      muha.lat,
      muha.lon,
      svmi.lat,
      svmi.lon,
      (i * 7) / haversineKm(muha.lat, muha.lon, svmi.lat, svmi.lon),
    );
    track.push({
      t: SAMPLE_DEPARTED_AT + i * MIN,
      lat: p.lat,
      lon: p.lon,
      altFt: i === 0 ? null : i * 1_200,
      onGround: i === 0,
    });
  }
  const last = track[track.length - 1]!;
  const leg: AlertLeg = {
    departureAirport: muha,
    arrivalAirport: null,
    departureLat: muha.lat,
    departureLon: muha.lon,
    arrivalLat: null,
    arrivalLon: null,
    departedAt: SAMPLE_DEPARTED_AT,
    arrivedAt: null,
    departureInferred: false,
    arrivalInferred: false,
    firstSeenAt: SAMPLE_DEPARTED_AT,
    lastSeenAt: last.t,
    status: 'airborne',
    callsign: 'AZS8765',
  };
  const gap: AlertGap = {
    startedAt: last.t,
    endedAt: null,
    startLat: last.lat,
    startLon: last.lon,
    startAltFt: last.altFt,
    endLat: null,
    endLon: null,
    endAltFt: null,
    endOnGround: null,
    distanceKm: null,
  };
  return {
    airframe: { ...SEED_ALERT_AIRFRAME, ...overrides.airframe },
    items: overrides.items ?? [
      alertItem({ rule: 'departure', at: SAMPLE_DEPARTED_AT, airport: muha, lat: muha.lat, lon: muha.lon }),
    ],
    leg: overrides.leg === undefined ? leg : overrides.leg,
    gaps: overrides.gaps ?? [gap],
    track: overrides.track ?? track,
    watchedAirports: overrides.watchedAirports ?? [...WATCHED_ALERT_AIRPORTS],
  };
}

function toAlertLeg(leg: LegRecord): AlertLeg {
  return {
    departureAirport: leg.departureAirport ? alertAirport(leg.departureAirport) : null,
    arrivalAirport: leg.arrivalAirport ? alertAirport(leg.arrivalAirport) : null,
    departureLat: leg.departureLat,
    departureLon: leg.departureLon,
    arrivalLat: leg.arrivalLat,
    arrivalLon: leg.arrivalLon,
    departedAt: leg.departedAt,
    arrivedAt: leg.arrivedAt,
    departureInferred: leg.departureInferred,
    arrivalInferred: leg.arrivalInferred,
    firstSeenAt: leg.firstSeenAt,
    lastSeenAt: leg.lastSeenAt,
    status: leg.status,
    callsign: leg.callsign,
  };
}

function toAlertGap(gap: GapRecord): AlertGap {
  return {
    startedAt: gap.startedAt,
    endedAt: gap.endedAt,
    startLat: gap.startLat,
    startLon: gap.startLon,
    startAltFt: gap.startAltFt,
    endLat: gap.endLat,
    endLon: gap.endLon,
    endAltFt: gap.endAltFt,
    endOnGround: gap.endOnGround,
    distanceKm: gap.distanceKm,
  };
}

let seedReplay: ReturnType<typeof replayAll> | null = null;

/** The seed scenario replayed through the tracking engine once per test file (about 0.2 s). */
export function seedScenarioReplay(): ReturnType<typeof replayAll> {
  seedReplay ??= replayAll(buildSeedScenario().sightings, 13 * HOUR);
  return seedReplay;
}

export type SeedLegItem = 'departure' | 'went_dark' | 'arrival';

/**
 * One of the seed scenario's four legs (0: GQNO-SVMI, 1: SVMI-MUHA, 2: MUHA-SVMI, 3: SVMI-MNMG, the
 * default: dark about 100 km out of Managua, reappearing on the ground there 3 h after touchdown, so
 * its arrival is inferred) with the items an outbox would fold into one email, in time order.
 */
export function seedLegAlertInput(
  options: { legIndex?: number; items?: readonly SeedLegItem[] } = {},
): AlertEmailInput {
  const out = seedScenarioReplay();
  const legIndex = options.legIndex ?? 3;
  const legRecord = out.legs[legIndex];
  if (legRecord === undefined) throw new Error(`the seed scenario has no leg #${legIndex}`);
  const leg = toAlertLeg(legRecord);
  const gaps = out.gaps.filter((g) => g.legKey === legRecord.key).map(toAlertGap);
  const track: AlertTrackPoint[] = out.accepted
    .filter(
      (s) => s.hex === legRecord.hex && s.observedAt >= legRecord.firstSeenAt && s.observedAt <= legRecord.lastSeenAt,
    )
    .sort((a, b) => a.observedAt - b.observedAt)
    .map((s) => ({ t: s.observedAt, lat: s.lat, lon: s.lon, altFt: s.altBaroFt, onGround: s.onGround }));
  const wanted = new Set<SeedLegItem>(options.items ?? ['departure', 'went_dark', 'arrival']);
  const items: AlertItem[] = [];
  const rule = (r: AlertRule): string => `${legRecord.key}:${r}`;
  if (wanted.has('departure') && leg.departureAirport && leg.departedAt !== null) {
    const a = leg.departureAirport;
    items.push(
      alertItem({
        alertId: rule('departure'),
        rule: 'departure',
        at: leg.departedAt,
        airport: a,
        inferred: leg.departureInferred,
        lat: leg.departureLat,
        lon: leg.departureLon,
      }),
    );
  }
  const gap = gaps[0];
  if (wanted.has('went_dark') && gap) {
    const near = leg.arrivalAirport ?? leg.departureAirport;
    const distanceKm = near ? haversineKm(gap.startLat, gap.startLon, near.lat, near.lon) : null;
    items.push(
      alertItem({
        alertId: rule('went_dark'),
        rule: 'went_dark',
        at: gap.startedAt,
        airport: near,
        distanceKm,
        lat: gap.startLat,
        lon: gap.startLon,
      }),
    );
  }
  if (wanted.has('arrival') && leg.arrivalAirport && leg.arrivedAt !== null) {
    const a = leg.arrivalAirport;
    items.push(
      alertItem({
        alertId: rule('arrival'),
        rule: 'arrival',
        at: leg.arrivedAt,
        airport: a,
        inferred: leg.arrivalInferred,
        lat: leg.arrivalLat,
        lon: leg.arrivalLon,
      }),
    );
  }
  return {
    airframe: { ...SEED_ALERT_AIRFRAME },
    items,
    leg,
    gaps,
    track,
    watchedAirports: [...WATCHED_ALERT_AIRPORTS],
  };
}
