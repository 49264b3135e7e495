import type { AlertAirport, AlertEmailInput, AlertGap, AlertItem } from '../alert-email-input.js';
import { itemHeadline } from './alert-headline.js';
import { airportLabel } from './airport-short-name.js';
import { nearestWatchedAirport } from './nearest-watched-airport.js';
import { oneLine, safeHex } from './safe-text.js';
import { trackLinks, type TrackLink } from './track-links.js';
import { formatDuration, formatUtcMinute } from './utc-time-format.js';

/**
 * What the email says, decided once and rendered twice (text and HTML) so both parts carry the same
 * facts. Every string here is plain, single-line and sanitised; the HTML renderer escapes it. Pure.
 */

export interface ContentRow {
  label: string;
  value: string;
}

export interface ContentSection {
  title: string;
  rows: ContentRow[];
}

export interface AlertEmailContent {
  /** One sentence: "RA-78765 (IL76, Aviacon Zitotrans) departed Caracas (SVMI) 2025-10-29 12:08Z." */
  headline: string;
  sections: ContentSection[];
  links: TrackLink[];
}

function position(lat: number | null, lon: number | null): string {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return 'position unknown';
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(3)}°${ns} ${Math.abs(lon).toFixed(3)}°${ew}`;
}

function altitude(ft: number | null, onGround: boolean | null): string {
  if (onGround) return 'on the ground';
  if (ft === null) return 'altitude unknown';
  return `${Math.round(ft).toLocaleString('en-US')} ft`;
}

function nearText(lat: number, lon: number, watched: readonly AlertAirport[]): string {
  const near = nearestWatchedAirport(lat, lon, watched);
  return near ? `, ${Math.round(near.km).toLocaleString('en-US')} km from ${airportLabel(near.airport)}` : '';
}

function airframeName(input: AlertEmailInput): string {
  const a = input.airframe;
  const who = oneLine(a.registration, 32) || safeHex(a.hex);
  const details = [oneLine(a.typeCode, 16), oneLine(a.operator, 80)].filter((x) => x !== '');
  const prefix = a.listed ? '' : 'Unlisted ';
  return `${prefix}${who}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

function itemRow(item: AlertItem, input: AlertEmailInput): ContentRow {
  const how =
    item.rule === 'arrival' || item.rule === 'departure' || item.rule === 'unlisted'
      ? item.inferred
        ? 'inferred'
        : 'observed'
      : null;
  const parts = [itemHeadline(item, input)];
  if (item.rule === 'went_dark' && item.distanceKm !== null && item.distanceKm !== undefined && item.airport) {
    parts.push(`${Math.round(item.distanceKm).toLocaleString('en-US')} km from ${oneLine(item.airport.ident, 8)}`);
  }
  if (item.lat !== null && item.lon !== null) parts.push(`at ${position(item.lat, item.lon)}`);
  if (how) parts.push(how);
  if (item.rule === 'went_dark' && item.reason) parts.push(oneLine(item.reason, 240));
  return { label: formatUtcMinute(item.at), value: parts.join(', ') };
}

function legEnd(
  airport: AlertAirport | null,
  lat: number | null,
  lon: number | null,
  at: number | null,
  inferred: boolean,
  verb: string,
): string {
  const where = airport
    ? `${airportLabel(airport)}, ${oneLine(airport.name, 120)}`
    : lat !== null && lon !== null
      ? `no airport known, ${position(lat, lon)}`
      : 'unknown';
  const when =
    at !== null ? `${verb} ${formatUtcMinute(at)} (${inferred ? 'inferred' : 'observed'})` : `not ${verb} yet`;
  return `${where}; ${when}`;
}

/** What each verdict is called in a mail. */
const VERDICT_WORDS: Record<string, string> = {
  dark: 'dark (transponder off among heard traffic)',
  coverage: 'coverage (reception hole)',
  outage: 'outage (the feeds failed)',
  unknown: 'unknown (no evidence)',
};
const VERDICT_ORDER = ['dark', 'coverage', 'outage', 'unknown'];
/** A leg's mail lists at most this many gaps, the longest; the others are only counted. */
export const MAX_LISTED_GAPS = 3;

const verdictOf = (gap: AlertGap): string => (gap.verdict && gap.verdict in VERDICT_WORDS ? gap.verdict : 'unknown');

/** "2 gaps: 1 dark, 1 coverage". */
function gapSummary(gaps: readonly AlertGap[]): string {
  const counts = VERDICT_ORDER.map((v) => [v, gaps.filter((g) => verdictOf(g) === v).length] as const).filter(
    ([, n]) => n > 0,
  );
  return `${gaps.length} gap${gaps.length === 1 ? '' : 's'}: ${counts.map(([v, n]) => `${n} ${v}`).join(', ')}`;
}

/** The gaps a mail lists: the longest few (an open gap counts as lasting to `until`), in time order. */
function longestGaps(gaps: readonly AlertGap[], until: number): AlertGap[] {
  const length = (g: AlertGap) => (g.endedAt ?? Math.max(until, g.startedAt)) - g.startedAt;
  return [...gaps]
    .sort((a, b) => length(b) - length(a) || a.startedAt - b.startedAt)
    .slice(0, MAX_LISTED_GAPS)
    .sort((a, b) => a.startedAt - b.startedAt);
}

function gapRows(gap: AlertGap, index: number, watched: readonly AlertAirport[]): ContentRow[] {
  const rows: ContentRow[] = [
    {
      label: `Gap ${index + 1}: ${VERDICT_WORDS[verdictOf(gap)]}`,
      value:
        `${formatUtcMinute(gap.startedAt)} at ${position(gap.startLat, gap.startLon)}, ` +
        `${altitude(gap.startAltFt, false)}${nearText(gap.startLat, gap.startLon, watched)}`,
    },
  ];
  if (gap.endedAt !== null) {
    const at =
      gap.endLat !== null && gap.endLon !== null
        ? `${position(gap.endLat, gap.endLon)}, ` +
          `${altitude(gap.endAltFt, gap.endOnGround)}${nearText(gap.endLat, gap.endLon, watched)}`
        : 'position unknown';
    rows.push({ label: 'reappeared', value: `${formatUtcMinute(gap.endedAt)} at ${at}` });
    const dist =
      gap.distanceKm !== null
        ? `; ${Math.round(gap.distanceKm).toLocaleString('en-US')} km between the two positions`
        : '';
    rows.push({ label: 'dark for', value: `${formatDuration(gap.endedAt - gap.startedAt)}${dist}` });
  } else {
    rows.push({
      label: 'reappeared',
      value: 'not yet (the transponder is still off or the aircraft is out of coverage)',
    });
  }
  return rows;
}

export function buildAlertEmailContent(input: AlertEmailInput): AlertEmailContent {
  const { airframe, leg } = input;
  const first = input.items[0];
  const headline = first
    ? `${airframeName(input)} ${itemHeadline(first, input)} ${formatUtcMinute(first.at)}.`
    : `${airframeName(input)}.`;
  const why = airframe.listed
    ? `${oneLine(airframe.reason, 300) || 'on the watchlist (no reason recorded)'}` +
      `${airframe.source ? ` (source: ${oneLine(airframe.source, 60)})` : ''}`
    : 'NOT on the watchlist: unlisted aircraft of a watched type';
  const sections: ContentSection[] = [
    {
      title: 'Airframe',
      rows: [
        { label: 'Hex', value: safeHex(airframe.hex) },
        { label: 'Registration', value: oneLine(airframe.registration, 32) || 'unknown' },
        { label: 'Type', value: oneLine(airframe.typeCode, 16) || 'unknown' },
        { label: 'Operator', value: oneLine(airframe.operator, 120) || 'unknown' },
        { label: 'Watched because', value: why },
      ],
    },
    {
      title: input.items.length > 1 ? `What happened (${input.items.length} events)` : 'What happened',
      rows: input.items.map((i) => itemRow(i, input)),
    },
  ];
  if (leg) {
    sections.push({
      title: 'Leg',
      rows: [
        { label: 'Callsign', value: oneLine(leg.callsign, 16) || 'none' },
        {
          label: 'From',
          value: legEnd(
            leg.departureAirport,
            leg.departureLat,
            leg.departureLon,
            leg.departedAt,
            leg.departureInferred,
            'departed',
          ),
        },
        {
          label: 'To',
          value: legEnd(
            leg.arrivalAirport,
            leg.arrivalLat,
            leg.arrivalLon,
            leg.arrivedAt,
            leg.arrivalInferred,
            'arrived',
          ),
        },
        { label: 'Status', value: leg.status },
        { label: 'Seen', value: `${formatUtcMinute(leg.firstSeenAt)} to ${formatUtcMinute(leg.lastSeenAt)}` },
      ],
    });
  }
  if (leg || input.gaps.length > 0)
    sections.push({
      title: 'Transponder gaps on this leg',
      rows:
        input.gaps.length > 0
          ? [
              { label: 'Summary', value: gapSummary(input.gaps) },
              ...longestGaps(input.gaps, leg?.lastSeenAt ?? 0).flatMap((g) =>
                gapRows(g, input.gaps.indexOf(g), input.watchedAirports),
              ),
              ...(input.gaps.length > MAX_LISTED_GAPS
                ? [{ label: 'Not listed', value: `${input.gaps.length - MAX_LISTED_GAPS} shorter gap(s)` }]
                : []),
            ]
          : [{ label: 'None', value: 'the aircraft was seen throughout' }],
    });
  const day = first?.at ?? leg?.firstSeenAt ?? 0;
  return { headline, sections, links: trackLinks(airframe.hex, day) };
}
