import type { Feature, FeatureCollection } from 'geojson';
import { lineGeometry, roundDegrees } from './geojson-line.js';
import { positionsByLeg, type TrackExport } from './track-export-input.js';

/**
 * One airframe's track as a GeoJSON FeatureCollection (RFC 7946): a line per leg (`kind: "leg"`) and a line
 * per silence from where the aircraft fell silent to where it was heard again (`kind: "gap"`, with its
 * verdict where one is recorded). Times are ISO 8601 UTC. Pure.
 */

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

export function renderTrackGeoJson(input: TrackExport): FeatureCollection {
  const features: Feature[] = [];
  for (const { leg, positions } of positionsByLeg(input)) {
    const first = positions[0]!;
    const geometry =
      positions.length === 1
        ? { type: 'Point' as const, coordinates: [roundDegrees(first.lon), roundDegrees(first.lat)] }
        : lineGeometry(positions);
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        kind: 'leg',
        hex: input.hex,
        registration: input.registration,
        legId: leg?.id ?? null,
        callsign: leg?.callsign ?? null,
        departureAirport: leg?.departureAirport?.ident ?? null,
        arrivalAirport: leg?.arrivalAirport?.ident ?? null,
        status: leg?.status ?? null,
        from: iso(first.t),
        to: iso(positions[positions.length - 1]!.t),
        times: positions.map((p) => iso(p.t)),
        altitudesFt: positions.map((p) => p.altFt),
      },
    });
  }
  for (const gap of input.gaps) {
    const start = { lat: gap.startLat, lon: gap.startLon };
    const end = gap.endLat !== null && gap.endLon !== null ? { lat: gap.endLat, lon: gap.endLon } : null;
    features.push({
      type: 'Feature',
      geometry: end
        ? lineGeometry([start, end])
        : { type: 'Point', coordinates: [roundDegrees(start.lon), roundDegrees(start.lat)] },
      properties: {
        kind: 'gap',
        hex: input.hex,
        startedAt: iso(gap.startedAt),
        endedAt: iso(gap.endedAt),
        durationMin: gap.endedAt === null ? null : Math.round((gap.endedAt - gap.startedAt) / 60_000),
        distanceKm: gap.distanceKm === null ? null : Math.round(gap.distanceKm),
        verdict: gap.verdict ?? null,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
