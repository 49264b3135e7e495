import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { AlertRow } from '../store/alert-outbox-repository.js';
import { getAirframe } from '../store/airframes-repository.js';
import { airportsByIdent } from '../store/airports-repository.js';
import { gapsOfLeg, legById, toExportGap } from '../store/legs-and-gaps-repository.js';
import { trackPositions } from '../store/positions-repository.js';
import type {
  AlertAirport,
  AlertEmailInput,
  AlertGap,
  AlertItem,
  AlertLeg,
  AlertTrackPoint,
} from './alert-email-input.js';

/** The map and the attachment need the shape of the leg, not every 30-s position. */
export const MAX_TRACK_POINTS = 2000;

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Keeps every k-th point (and the last one) so that at most `max` remain. */
export function thinTrack<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => i % step === 0);
  const last = points[points.length - 1]!;
  if (kept[kept.length - 1] !== last) {
    if (kept.length >= max) kept[kept.length - 1] = last;
    else kept.push(last);
  }
  return kept;
}

/**
 * Gathers what one email needs from the database: the airframe, the alerts as items, the leg of the first
 * alert that has one, its gaps, its track (positions from first to last sighting, thinned) and the
 * watched airports.
 */
export async function loadAlertEmailInput(
  db: Kysely<Database>,
  alerts: readonly AlertRow[],
  watchedIdents: readonly string[],
): Promise<AlertEmailInput> {
  const first = alerts[0];
  if (first === undefined) throw new Error('loadAlertEmailInput needs at least one alert');
  const hex = first.hex;
  const airframe = await getAirframe(db, hex);
  const legId = alerts.find((a) => a.legId !== null)?.legId ?? null;
  const leg = legId === null ? undefined : await legById(db, legId);
  const idents = [
    ...watchedIdents,
    ...alerts.map((a) => a.airport ?? ''),
    leg?.departure_airport ?? '',
    leg?.arrival_airport ?? '',
  ].filter((i) => i !== '');
  const airports: Map<string, AlertAirport> = await airportsByIdent(db, idents);
  const airportOf = (ident: string | null | undefined): AlertAirport | null =>
    ident ? (airports.get(ident) ?? { ident, name: ident, lat: Number.NaN, lon: Number.NaN }) : null;

  const items: AlertItem[] = alerts.map((a) => ({
    alertId: a.id,
    rule: a.rule,
    at: a.eventAt.getTime(),
    airport: airportOf(a.airport),
    inferred: a.details.inferred === true,
    squawk: text(a.details.squawk),
    distanceKm: num(a.details.distanceKm),
    reason: text(a.details.reason),
    lat: num(a.details.lat),
    lon: num(a.details.lon),
  }));
  items.sort((a, b) => a.at - b.at || Number(a.alertId) - Number(b.alertId));

  let alertLeg: AlertLeg | null = null;
  let gaps: AlertGap[] = [];
  let track: AlertTrackPoint[] = [];
  if (leg) {
    alertLeg = {
      departureAirport: airportOf(leg.departure_airport),
      arrivalAirport: airportOf(leg.arrival_airport),
      departureLat: leg.departure_lat,
      departureLon: leg.departure_lon,
      arrivalLat: leg.arrival_lat,
      arrivalLon: leg.arrival_lon,
      departedAt: ms(leg.departed_at),
      arrivedAt: ms(leg.arrived_at),
      departureInferred: leg.departure_inferred,
      arrivalInferred: leg.arrival_inferred,
      firstSeenAt: leg.first_seen_at.getTime(),
      lastSeenAt: leg.last_seen_at.getTime(),
      status: leg.status,
      callsign: leg.callsign,
    };
    const gapRows = await gapsOfLeg(db, leg.id);
    gaps = gapRows.map(toExportGap);
    const positions = await trackPositions(db, hex, leg.first_seen_at, leg.last_seen_at);
    track = thinTrack(
      positions.map((p) => ({
        t: p.observed_at.getTime(),
        lat: p.lat,
        lon: p.lon,
        altFt: p.alt_baro_ft,
        onGround: p.on_ground,
      })),
      MAX_TRACK_POINTS,
    );
  }

  const details = first.details;
  return {
    airframe: {
      hex,
      registration: airframe?.registration ?? text(details.registration),
      typeCode: airframe?.typeCode ?? text(details.typeCode),
      operator: airframe?.operator ?? null,
      reason: airframe?.reason ?? null,
      source: airframe?.source ?? null,
      listed: airframe !== null && airframe.active && first.rule !== 'unlisted',
    },
    items,
    leg: alertLeg,
    gaps,
    track,
    watchedAirports: watchedIdents.flatMap((ident) => (airports.has(ident) ? [airports.get(ident)!] : [])),
  };
}
