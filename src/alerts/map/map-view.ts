import { geoMercator, type GeoProjection } from 'd3-geo';
import { EARTH_RADIUS_KM, normalizeLon } from '../../shared/geo.js';

/**
 * The map's frame: a d3 Web Mercator projection fitted to a set of points, rotated so that its seam (the
 * meridian opposite its centre) lies in the widest empty stretch of longitudes, so a leg across the
 * antimeridian (e.g. Anadyr -> Anchorage) is drawn in one piece instead of across the whole world. Pure.
 */

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface PixelPoint {
  x: number;
  y: number;
}

export interface MapView {
  width: number;
  height: number;
  /** Mercator, clipped to the canvas plus 2 px; it draws straight lines between vertices (no resampling). */
  projection: GeoProjection;
  /** The view's centre longitude (the projection's rotation). */
  centerLon: number;
  /** Edges in degrees; west/east are unwrapped around centerLon (either may lie outside [-180, 180]). */
  west: number;
  east: number;
  south: number;
  north: number;
  /** Kilometres per pixel along the parallel at the view's centre (for the scale bar). */
  kmPerPixel: number;
  project(lat: number, lon: number): PixelPoint;
  /** Whether a box of d3's geoBounds form ([[west, south], [east, north]]) overlaps the view. */
  overlaps(bounds: readonly [readonly [number, number], readonly [number, number]]): boolean;
}

export interface FitOptions {
  width: number;
  height: number;
  /** Pixels kept free around the fitted points (labels, markers). */
  paddingPx: number;
  /** The smallest extent shown, km (a single point or a short hop still shows its surroundings). */
  minSpanKm: number;
}

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
/** Mercator runs to infinity at the poles: the frame stays within this latitude, and points are clamped to it. */
const MAX_LAT = 85;

const clampLat = (lat: number): number => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
/**
 * Pixel positions of markers and labels, rounded to 1/65536 px. The fitted extremes land exactly on the
 * padding's edge (e.g. y = 428), but d3's arithmetic may give 427.99999999999955, and pureimage's
 * rasteriser draws a box or glyph at an exact pixel edge one row up or down depending on which.
 */
const snap = (v: number): number => Math.round(v * 65536) / 65536;

/**
 * The longitude in the middle of the occupied arc: the complement of the widest gap between the
 * points' longitudes on the circle. Returns 0 for no points.
 */
export function centralLongitude(lons: readonly number[]): number {
  if (lons.length === 0) return 0;
  const sorted = lons.map((l) => normalizeLon(l) + 180).sort((a, b) => a - b); // [0, 360)
  let widestGap = -1;
  let gapEnd = 0; // the first longitude after the widest gap: where the occupied arc starts
  for (let i = 0; i < sorted.length; i++) {
    const here = sorted[i]!;
    const next = i + 1 < sorted.length ? sorted[i + 1]! : sorted[0]! + 360;
    if (next - here > widestGap) {
      widestGap = next - here;
      gapEnd = next;
    }
  }
  const occupied = 360 - widestGap;
  return normalizeLon(gapEnd + occupied / 2 - 180);
}

/**
 * Fits the view to the points (none gives a view of 0°, 0°): d3's fitExtent frames them in the padded
 * canvas; the scale is then capped so the view spans at least minSpanKm and at most the whole world
 * across, and the frame is kept within ±85° of latitude.
 */
export function fitMapView(points: readonly GeoPoint[], options: FitOptions): MapView {
  const { width, height, paddingPx } = options;
  const centerLon = centralLongitude(points.map((p) => p.lon));
  const focus = (points.length > 0 ? points : [{ lat: 0, lon: 0 }]).map((p) => [p.lon, clampLat(p.lat)]);
  const usableW = Math.max(1, width - 2 * paddingPx);
  const usableH = Math.max(1, height - 2 * paddingPx);
  const inner: [number, number] = [paddingPx + usableW / 2, paddingPx + usableH / 2];
  const projection = geoMercator()
    .rotate([-centerLon, 0])
    .precision(0)
    .fitExtent(
      [
        [paddingPx, paddingPx],
        [paddingPx + usableW, paddingPx + usableH],
      ],
      { type: 'MultiPoint', coordinates: focus },
    );
  // A single point (or several at one place) has no extent to fit: the scale comes out infinite.
  const centerLat = Number.isFinite(projection.scale()) ? projection.invert!(inner)![1] : focus[0]![1]!;
  // Locally, one Mercator unit (the scale is pixels per unit) is R·cos(lat) km in both directions.
  const kmPerUnit = EARTH_RADIUS_KM * Math.max(0.05, Math.cos(centerLat * RAD));
  let scale = Math.min(projection.scale(), (Math.min(usableW, usableH) * kmPerUnit) / options.minSpanKm);
  scale = Math.max(scale, width / (2 * Math.PI)); // never more than the whole world across
  projection
    .scale(scale)
    .center([0, centerLat])
    .translate([width / 2, height / 2]);
  // Keep the frame inside Mercator's clamped latitudes (centred on the equator if it cannot be).
  const top = projection([centerLon, MAX_LAT])![1];
  const bottom = projection([centerLon, -MAX_LAT])![1];
  if (bottom - top <= height) projection.center([0, 0]);
  else if (top > 0) projection.translate([width / 2, height / 2 - top]);
  else if (bottom < height) projection.translate([width / 2, height / 2 + height - bottom]);
  projection.clipExtent([
    [-2, -2],
    [width + 2, height + 2],
  ]);
  const halfWidthDeg = (width / 2 / scale) * DEG;
  const latAt = (y: number): number => projection.invert!([width / 2, y])![1];
  const [west, east, south, north] = [centerLon - halfWidthDeg, centerLon + halfWidthDeg, latAt(height), latAt(0)];
  return {
    width,
    height,
    projection,
    centerLon,
    west,
    east,
    south,
    north,
    kmPerPixel: (EARTH_RADIUS_KM * Math.cos(latAt(height / 2) * RAD)) / scale,
    project(lat: number, lon: number): PixelPoint {
      const [x, y] = projection([lon, clampLat(lat)])!;
      return { x: snap(x), y: snap(y) };
    },
    overlaps([[w, s], [e, n]]): boolean {
      if (n < south || s > north) return false;
      if (east - west >= 360) return true;
      const span = e >= w ? e - w : e + 360 - w;
      const start = west + ((((w - west) % 360) + 360) % 360) - 360; // the copy of w just below the view's west
      return start + span >= west || start + 360 <= east;
    },
  };
}
