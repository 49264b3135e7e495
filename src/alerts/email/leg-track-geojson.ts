import type { Feature, FeatureCollection } from 'geojson';
import type { AlertAirport, AlertEmailInput } from '../alert-email-input.js';
import { splitTrackAtGaps } from '../map/leg-track-segments.js';
import { lineGeometry, roundDegrees as round } from '../../track-export/geojson-line.js';
import { oneLine } from './safe-text.js';
import { formatUtcIso } from './utc-time-format.js';

/**
 * The leg as a GeoJSON FeatureCollection (RFC 7946, [lon, lat]) for the attachment: one LineString per
 * seen stretch (`dark: false`), one per dark stretch between the gap ends (`dark: true`), and points for
 * the leg's airports and the gap ends. A line that crosses the antimeridian is cut there into a
 * MultiLineString, as RFC 7946 §3.1.9 asks. Pure.
 */

type Props = Record<string, string | number | boolean | null>;

function point(lat: number, lon: number, properties: Props): Feature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [round(lon), round(lat)] }, properties };
}

function airportProps(kind: string, a: AlertAirport, at: number | null, inferred: boolean): Props {
  return {
    kind,
    ident: oneLine(a.ident, 8),
    name: oneLine(a.name, 120),
    at: at === null ? null : formatUtcIso(at),
    inferred,
  };
}

export function legTrackGeoJson(input: AlertEmailInput): FeatureCollection {
  const features: Feature[] = [];
  const { seen, dark } = splitTrackAtGaps(input.track, input.gaps);
  for (const run of seen) {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const properties: Props = {
      kind: 'track',
      dark: false,
      from: formatUtcIso(first.t),
      to: formatUtcIso(last.t),
      points: run.length,
    };
    if (run.length === 1) features.push(point(first.lat, first.lon, properties));
    else features.push({ type: 'Feature', geometry: lineGeometry(run), properties });
  }
  for (const d of dark) {
    const g = d.gap;
    const durationMin = g.endedAt !== null ? Math.round((g.endedAt - g.startedAt) / 60_000) : null;
    if (d.to) {
      features.push({
        type: 'Feature',
        geometry: lineGeometry([d.from, d.to]),
        properties: {
          kind: 'dark',
          dark: true,
          startedAt: formatUtcIso(g.startedAt),
          endedAt: g.endedAt === null ? null : formatUtcIso(g.endedAt),
          durationMin,
          distanceKm: g.distanceKm === null ? null : Math.round(g.distanceKm),
          verdict: g.verdict ?? 'unknown',
        },
      });
    }
    features.push(
      point(g.startLat, g.startLon, {
        kind: 'gap_start',
        dark: true,
        at: formatUtcIso(g.startedAt),
        altFt: g.startAltFt,
      }),
    );
    if (d.to && g.endedAt !== null)
      features.push(
        point(d.to.lat, d.to.lon, {
          kind: 'gap_end',
          dark: true,
          at: formatUtcIso(g.endedAt),
          altFt: g.endAltFt,
          onGround: g.endOnGround,
        }),
      );
  }
  const leg = input.leg;
  if (leg?.departureAirport)
    features.push(
      point(
        leg.departureAirport.lat,
        leg.departureAirport.lon,
        airportProps('departure_airport', leg.departureAirport, leg.departedAt, leg.departureInferred),
      ),
    );
  if (leg?.arrivalAirport)
    features.push(
      point(
        leg.arrivalAirport.lat,
        leg.arrivalAirport.lon,
        airportProps('arrival_airport', leg.arrivalAirport, leg.arrivedAt, leg.arrivalInferred),
      ),
    );
  return { type: 'FeatureCollection', features };
}
