import { EARTH_RADIUS_KM, normalizeLon } from '../../tracking/geo.js';

/**
 * The map's frame: a Web Mercator view fitted to a set of points, with the longitude seam placed in the
 * widest empty stretch of longitudes so a leg across the antimeridian (e.g. Anadyr -> Anchorage) is
 * drawn in one piece instead of across the whole world. Pure.
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
  /** The view's centre longitude; every longitude is unwrapped to within 180° of it before projecting. */
  centerLon: number;
  /** Edges in degrees; west/east are unwrapped (west < east, either may lie outside [-180, 180]). */
  west: number;
  east: number;
  south: number;
  north: number;
  /** Kilometres per pixel along the parallel at the view's centre (for the scale bar). */
  kmPerPixel: number;
  project(lat: number, lon: number): PixelPoint;
  /** Like project, for a longitude already in the view's frame (e.g. a coastline shifted by ±360°). */
  projectFramed(lat: number, lon: number): PixelPoint;
  /** The longitude, shifted by a multiple of 360°, that lies nearest the view's centre. */
  unwrapLon(lon: number): number;
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
/** Mercator runs to infinity at the poles; polar points are drawn at this latitude. */
const MAX_LAT = 85;

function mercatorY(lat: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  return Math.log(Math.tan(Math.PI / 4 + (clamped * RAD) / 2));
}

function inverseMercatorY(y: number): number {
  return (2 * Math.atan(Math.exp(y)) - Math.PI / 2) * DEG;
}

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

/** Fits a Mercator view to the points (at least one is needed for a meaningful frame; none gives 0,0). */
export function fitMapView(points: readonly GeoPoint[], options: FitOptions): MapView {
  const { width, height, paddingPx } = options;
  const centerLon = centralLongitude(points.map((p) => p.lon));
  const unwrapLon = (lon: number): number => centerLon + normalizeLon(lon - centerLon);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    const x = unwrapLon(p.lon) * RAD;
    const y = mercatorY(p.lat);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (points.length === 0) {
    minX = maxX = 0;
    minY = maxY = 0;
  }
  let cx = (minX + maxX) / 2;
  let cy = (minY + maxY) / 2;
  const centerLat = inverseMercatorY(cy);
  // Locally, one Mercator unit is R·cos(lat) km in both directions.
  const kmPerUnit = EARTH_RADIUS_KM * Math.max(0.05, Math.cos(centerLat * RAD));
  const minSpan = options.minSpanKm / kmPerUnit;
  const spanX = Math.max(maxX - minX, minSpan);
  const spanY = Math.max(maxY - minY, minSpan);
  const usableW = Math.max(1, width - 2 * paddingPx);
  const usableH = Math.max(1, height - 2 * paddingPx);
  let scale = Math.min(usableW / spanX, usableH / spanY); // pixels per Mercator unit
  // Never show more than the whole world across (2π units of longitude).
  scale = Math.max(scale, width / (2 * Math.PI));
  // Keep the frame inside Mercator's clamped latitudes.
  const halfH = height / 2 / scale;
  const yLimit = mercatorY(MAX_LAT);
  if (2 * halfH >= 2 * yLimit) cy = 0;
  else cy = Math.max(-yLimit + halfH, Math.min(yLimit - halfH, cy));
  if (!Number.isFinite(cx)) cx = 0;
  const halfW = width / 2 / scale;
  return {
    width,
    height,
    centerLon,
    west: (cx - halfW) * DEG,
    east: (cx + halfW) * DEG,
    south: inverseMercatorY(cy - halfH),
    north: inverseMercatorY(cy + halfH),
    kmPerPixel: (EARTH_RADIUS_KM * Math.cos(inverseMercatorY(cy) * RAD)) / scale,
    unwrapLon,
    project(lat: number, lon: number): PixelPoint {
      return {
        x: width / 2 + (unwrapLon(lon) * RAD - cx) * scale,
        y: height / 2 - (mercatorY(lat) - cy) * scale,
      };
    },
    projectFramed(lat: number, lon: number): PixelPoint {
      return {
        x: width / 2 + (lon * RAD - cx) * scale,
        y: height / 2 - (mercatorY(lat) - cy) * scale,
      };
    },
  };
}
