import type { Geometry, Position } from 'geojson';

/** Degrees rounded to 1e-5 (about a metre): enough for a track, and a smaller file. */
export function roundDegrees(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/**
 * A line through the points as GeoJSON (RFC 7946, [lon, lat]). A line that crosses the antimeridian is cut
 * there into a MultiLineString, as RFC 7946 §3.1.9 asks. Pure.
 */
export function lineGeometry(points: ReadonlyArray<{ lat: number; lon: number }>): Geometry {
  const parts: Position[][] = [[]];
  let previous: { lat: number; lon: number } | null = null;
  for (const p of points) {
    if (previous && Math.abs(p.lon - previous.lon) > 180) {
      // Cross at ±180: interpolate the latitude there on the shorter way round.
      const east = previous.lon > 0;
      const lon2 = east ? p.lon + 360 : p.lon - 360;
      const edge = east ? 180 : -180;
      const f = (edge - previous.lon) / (lon2 - previous.lon);
      const lat = previous.lat + (p.lat - previous.lat) * f;
      parts[parts.length - 1]!.push([edge, roundDegrees(lat)]);
      parts.push([[-edge, roundDegrees(lat)]]);
    }
    parts[parts.length - 1]!.push([roundDegrees(p.lon), roundDegrees(p.lat)]);
    previous = p;
  }
  const usable = parts.filter((part) => part.length >= 2);
  if (usable.length === 1) return { type: 'LineString', coordinates: usable[0]! };
  return { type: 'MultiLineString', coordinates: usable };
}
