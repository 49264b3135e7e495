import type { AlertAirport, AlertEmailInput, AlertLeg } from '../alert-email-input.js';
import { haversineKm } from '../../shared/geo.js';
import { airportShortName } from '../email/airport-short-name.js';
import { oneLine } from '../email/safe-text.js';
import { formatUtcClock, formatUtcDate } from '../email/utc-time-format.js';
import { splitTrackAtGaps } from './leg-track-segments.js';
import type { GeoPoint } from './map-view.js';

/**
 * What the leg map shows, in geographic terms, decided from the alert input alone (no drawing here, so
 * it is cheap to test): the seen and dark stretches, airports, markers with their labels, the title,
 * and the points the view must fit. Pure.
 */

/** A track end this close to the leg's airport is labelled by the airport. */
const NEAR_AIRPORT_KM = 20;

export type MarkerKind = 'start' | 'end' | 'gap_start' | 'gap_end' | 'event';

export interface MapMarker {
  kind: MarkerKind;
  point: GeoPoint;
  label: string;
}

export interface MapAirport {
  ident: string;
  point: GeoPoint;
  label: string;
  watched: boolean;
  /** The leg's departure or arrival airport. */
  onLeg: boolean;
}

export interface LegMapScene {
  title: string;
  seen: GeoPoint[][];
  /** Each gap's stretch; `heardAround`: its verdict is dark (others were heard there), drawn apart from the rest. */
  dark: Array<{ from: GeoPoint; to: GeoPoint | null; heardAround: boolean }>;
  airports: MapAirport[];
  markers: MapMarker[];
  /** What the view is fitted to (never empty unless the input has no position at all). */
  focus: GeoPoint[];
}

function isPlace(lat: number | null | undefined, lon: number | null | undefined): boolean {
  return (
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180
  );
}

function airportLabelText(a: AlertAirport, times: string): string {
  const ident = oneLine(a.ident, 8);
  const name = airportShortName(a, 24);
  return `${name === ident ? ident : `${ident} ${name}`}${times}`;
}

/** " dep 12:08Z" / " arr 17:58Z (inferred)" for the leg's own airports. */
function legTimes(leg: AlertLeg | null, a: AlertAirport): string {
  if (!leg) return '';
  const same = (b: AlertAirport | null): boolean => b !== null && b.ident.toUpperCase() === a.ident.toUpperCase();
  const parts: string[] = [];
  if (same(leg.departureAirport) && leg.departedAt !== null)
    parts.push(`dep ${formatUtcClock(leg.departedAt)}${leg.departureInferred ? ' (inferred)' : ''}`);
  if (same(leg.arrivalAirport) && leg.arrivedAt !== null)
    parts.push(`arr ${formatUtcClock(leg.arrivedAt)}${leg.arrivalInferred ? ' (inferred)' : ''}`);
  return parts.length > 0 ? `  ${parts.join(', ')}` : '';
}

const ITEM_WORD = {
  departure: 'departed',
  arrival: 'arrived',
  went_dark: 'dark',
  emergency_squawk: 'squawk',
  unlisted: 'unlisted',
} as const;

export function buildLegMapScene(input: AlertEmailInput): LegMapScene {
  const { leg } = input;
  const segments = splitTrackAtGaps(input.track, input.gaps);
  const seen = segments.seen.map((run) => run.map((p) => ({ lat: p.lat, lon: p.lon })));
  const dark = segments.dark
    .filter((d) => isPlace(d.from.lat, d.from.lon))
    .map((d) => ({
      from: d.from,
      to: d.to && isPlace(d.to.lat, d.to.lon) ? d.to : null,
      heardAround: d.gap.verdict === 'dark',
    }));
  const focus: GeoPoint[] = [];
  for (const run of seen) focus.push(...run);
  for (const d of dark) {
    focus.push(d.from);
    if (d.to) focus.push(d.to);
  }

  const airports = new Map<string, MapAirport>();
  const addAirport = (a: AlertAirport, flags: { watched: boolean; onLeg: boolean }): void => {
    if (!isPlace(a.lat, a.lon)) return;
    const key = a.ident.toUpperCase();
    const existing = airports.get(key);
    if (existing) {
      existing.watched ||= flags.watched;
      existing.onLeg ||= flags.onLeg;
      return;
    }
    airports.set(key, {
      ident: a.ident,
      point: { lat: a.lat, lon: a.lon },
      label: airportLabelText(a, legTimes(leg, a)),
      ...flags,
    });
  };
  const watched = new Set(input.watchedAirports.map((a) => a.ident.toUpperCase()));
  for (const a of [leg?.departureAirport, leg?.arrivalAirport]) {
    if (a) {
      addAirport(a, { watched: watched.has(a.ident.toUpperCase()), onLeg: true });
      if (isPlace(a.lat, a.lon)) focus.push({ lat: a.lat, lon: a.lon });
    }
  }
  for (const item of input.items) {
    if (item.airport) {
      addAirport(item.airport, { watched: watched.has(item.airport.ident.toUpperCase()), onLeg: false });
      if (isPlace(item.airport.lat, item.airport.lon)) focus.push({ lat: item.airport.lat, lon: item.airport.lon });
    }
  }
  // Watched airports are drawn when they fall inside the view; they do not widen it.
  for (const a of input.watchedAirports) addAirport(a, { watched: true, onLeg: false });

  const markers: MapMarker[] = [];
  const near = (p: GeoPoint, a: AlertAirport | null | undefined): boolean =>
    !!a && haversineKm(p.lat, p.lon, a.lat, a.lon) <= NEAR_AIRPORT_KM;
  const firstRun = segments.seen[0];
  const lastRun = segments.seen[segments.seen.length - 1];
  const first = firstRun?.[0];
  const last = lastRun?.[lastRun.length - 1];
  // At an airport, the airport's label tells the time; the dot alone marks where the track starts/ends.
  if (first)
    markers.push({
      kind: 'start',
      point: { lat: first.lat, lon: first.lon },
      label: near(first, leg?.departureAirport) ? '' : `first seen ${formatUtcClock(first.t)}`,
    });
  const lastIsGapEnd = last !== undefined && input.gaps.some((g) => g.endedAt === last.t);
  if (last && last !== first && !lastIsGapEnd) {
    markers.push({
      kind: 'end',
      point: { lat: last.lat, lon: last.lon },
      label: near(last, leg?.arrivalAirport) ? '' : `last seen ${formatUtcClock(last.t)}`,
    });
  }
  for (const g of input.gaps) {
    if (!isPlace(g.startLat, g.startLon)) continue;
    const alt = g.startAltFt !== null ? `, ${Math.round(g.startAltFt).toLocaleString('en-US')} ft` : '';
    markers.push({
      kind: 'gap_start',
      point: { lat: g.startLat, lon: g.startLon },
      label: `went dark ${formatUtcClock(g.startedAt)}${alt}`,
    });
    if (g.endedAt !== null && isPlace(g.endLat, g.endLon)) {
      const where = g.endOnGround
        ? ' on ground'
        : g.endAltFt !== null
          ? `, ${Math.round(g.endAltFt).toLocaleString('en-US')} ft`
          : '';
      markers.push({
        kind: 'gap_end',
        point: { lat: g.endLat!, lon: g.endLon! },
        label: `seen again ${formatUtcClock(g.endedAt)}${where}`,
      });
    }
  }
  // An item with its own position and no track around it (e.g. a squawk with no leg) still shows.
  for (const item of input.items) {
    if (isPlace(item.lat, item.lon) && seen.length === 0) {
      const point = { lat: item.lat!, lon: item.lon! };
      const extra = item.rule === 'emergency_squawk' && item.squawk ? ` ${oneLine(item.squawk, 4)}` : '';
      markers.push({ kind: 'event', point, label: `${ITEM_WORD[item.rule]}${extra} ${formatUtcClock(item.at)}` });
      focus.push(point);
    }
  }
  if (focus.length === 0)
    for (const a of input.watchedAirports) if (isPlace(a.lat, a.lon)) focus.push({ lat: a.lat, lon: a.lon });

  return { title: mapTitle(input), seen, dark, airports: [...airports.values()], markers, focus };
}

function mapTitle(input: AlertEmailInput): string {
  const { airframe, leg } = input;
  const who = oneLine(airframe.registration, 16) || oneLine(airframe.hex, 8);
  const type = oneLine(airframe.typeCode, 8);
  const from = leg?.departureAirport ? oneLine(leg.departureAirport.ident, 8) : '?';
  const to = leg?.arrivalAirport ? oneLine(leg.arrivalAirport.ident, 8) : leg?.status === 'airborne' ? '…' : '?';
  const firstAt = input.items[0]?.at ?? leg?.firstSeenAt ?? null;
  const parts = [who, type, leg ? `${from} → ${to}` : '', firstAt !== null ? formatUtcDate(firstAt) : ''];
  return parts.filter((p) => p !== '').join('  ·  ');
}
