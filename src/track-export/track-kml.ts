import {
  positionsByLeg,
  type ExportAirport,
  type ExportGap,
  type ExportLeg,
  type TrackExport,
} from './track-export-input.js';
import { xmlText } from './xml-text.js';

/**
 * One airframe's track as KML 2.2 for Google Earth: a `gx:Track` per leg (a `<when>` and a `<gx:coord>` per
 * position, altitude in metres, `absolute`), each dark stretch as its own styled placemark from where the
 * aircraft fell silent to where it was heard again, and the legs' airports as points. Pure.
 *
 * Altitudes are the feeds' barometric altitude, converted to metres. A position on the ground (no altitude)
 * is placed at its field's elevation when the leg's airport is known (the departure field in the first half
 * of the leg, the arrival field in the second), otherwise at 0 m.
 */

const FT_TO_M = 0.3048;

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function coord(lon: number, lat: number, altM: number, separator: string): string {
  return [lon.toFixed(6), lat.toFixed(6), altM.toFixed(1)].join(separator);
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

function groundElevationM(leg: ExportLeg | null, t: number): number {
  if (!leg) return 0;
  const firstHalf = t - leg.firstSeenAt <= leg.lastSeenAt - t;
  const field = firstHalf ? (leg.departureAirport ?? leg.arrivalAirport) : (leg.arrivalAirport ?? leg.departureAirport);
  return (field?.elevationFt ?? 0) * FT_TO_M;
}

function legName(leg: ExportLeg | null): string {
  if (!leg) return 'positions outside any leg';
  const from = leg.departureAirport?.ident ?? '?';
  const to = leg.arrivalAirport?.ident ?? '?';
  return `${leg.callsign ? `${leg.callsign} ` : ''}${from} → ${to}, ${iso(leg.firstSeenAt)}`;
}

function trackPlacemark(group: ReturnType<typeof positionsByLeg>[number]): string {
  const { leg, positions } = group;
  const whens = positions.map((p) => `<when>${iso(p.t)}</when>`);
  const coords = positions.map((p) => {
    const altM = p.altFt !== null ? p.altFt * FT_TO_M : groundElevationM(leg, p.t);
    return `<gx:coord>${coord(p.lon, p.lat, altM, ' ')}</gx:coord>`;
  });
  const description = leg
    ? `status ${leg.status}; ${positions.length} positions${leg.id ? `; leg ${leg.id}` : ''}`
    : `${positions.length} positions`;
  return [
    '<Placemark>',
    `<name>${xmlText(legName(leg))}</name>`,
    `<description>${xmlText(description)}</description>`,
    '<styleUrl>#seen</styleUrl>',
    '<gx:Track>',
    '<altitudeMode>absolute</altitudeMode>',
    ...whens,
    ...coords,
    '</gx:Track>',
    '</Placemark>',
  ].join('\n');
}

function darkPlacemark(gap: ExportGap): string {
  const verdict = gap.verdict ? `${gap.verdict}, ` : '';
  const name =
    gap.endedAt !== null ? `silent ${minutes(gap.endedAt - gap.startedAt)} min` : `silent since ${iso(gap.startedAt)}`;
  const description =
    `${verdict}from ${iso(gap.startedAt)}` +
    (gap.endedAt !== null ? ` to ${iso(gap.endedAt)}` : '') +
    (gap.distanceKm !== null ? `, ${Math.round(gap.distanceKm)} km` : '');
  const start = coord(gap.startLon, gap.startLat, (gap.startAltFt ?? 0) * FT_TO_M, ',');
  const geometry =
    gap.endLat !== null && gap.endLon !== null
      ? [
          '<LineString>',
          '<tessellate>1</tessellate>',
          '<altitudeMode>absolute</altitudeMode>',
          `<coordinates>${start} ${coord(gap.endLon, gap.endLat, (gap.endAltFt ?? 0) * FT_TO_M, ',')}</coordinates>`,
          '</LineString>',
        ]
      : ['<Point>', '<altitudeMode>absolute</altitudeMode>', `<coordinates>${start}</coordinates>`, '</Point>'];
  const span =
    gap.endedAt !== null
      ? `<TimeSpan><begin>${iso(gap.startedAt)}</begin><end>${iso(gap.endedAt)}</end></TimeSpan>`
      : `<TimeSpan><begin>${iso(gap.startedAt)}</begin></TimeSpan>`;
  return [
    '<Placemark>',
    `<name>${xmlText(name)}</name>`,
    `<description>${xmlText(description)}</description>`,
    span,
    `<styleUrl>#${gap.verdict === 'coverage' || gap.verdict === 'outage' ? 'unheard' : 'dark'}</styleUrl>`,
    ...geometry,
    '</Placemark>',
  ].join('\n');
}

function airportPlacemark(airport: ExportAirport, role: string): string {
  return [
    '<Placemark>',
    `<name>${xmlText(airport.ident)}</name>`,
    `<description>${xmlText(`${role}: ${airport.name}`)}</description>`,
    '<styleUrl>#airport</styleUrl>',
    `<Point><coordinates>${coord(airport.lon, airport.lat, 0, ',')}</coordinates></Point>`,
    '</Placemark>',
  ].join('\n');
}

const STYLES = [
  '<Style id="seen"><LineStyle><color>ffff7800</color><width>3</width></LineStyle>' +
    '<IconStyle><scale>0.4</scale></IconStyle></Style>',
  '<Style id="dark"><LineStyle><color>ff0000ff</color><width>4</width></LineStyle></Style>',
  '<Style id="unheard"><LineStyle><color>ff9e9e9e</color><width>2</width></LineStyle></Style>',
  '<Style id="airport"><IconStyle><scale>0.8</scale></IconStyle></Style>',
];

export function renderTrackKml(input: TrackExport): string {
  const title = input.registration ? `${input.registration} (${input.hex})` : input.hex;
  const about = [input.typeCode, input.operator].filter((x): x is string => !!x).join(', ');
  const airports = new Map<string, string>();
  for (const leg of input.legs) {
    if (leg.departureAirport)
      airports.set(leg.departureAirport.ident, airportPlacemark(leg.departureAirport, 'departure'));
    if (leg.arrivalAirport) airports.set(leg.arrivalAirport.ident, airportPlacemark(leg.arrivalAirport, 'arrival'));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">',
    '<Document>',
    `<name>${xmlText(`tailwatch: ${title}`)}</name>`,
    `<description>${xmlText(about)}</description>`,
    ...STYLES,
    ...positionsByLeg(input).map(trackPlacemark),
    ...input.gaps.map(darkPlacemark),
    ...airports.values(),
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}
