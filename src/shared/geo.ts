/**
 * Spherical-earth geodesy used by the tracking engine, the airport index and the test generator.
 * A sphere (mean radius 6371.0088 km) is within 0.5 % of WGS84 everywhere, which is far below the
 * uncertainty of an ADS-B position; it keeps every function a few floating-point operations.
 */

export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_NM = 1.852;
const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

/** Great-circle (haversine) distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial true bearing in degrees [0, 360) from point 1 towards point 2 along the great circle. */
export function initialBearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return (Math.atan2(y, x) * DEG + 360) % 360;
}

/** The point reached from (lat, lon) after distanceKm along the great circle with the given initial bearing. */
export function destinationPoint(
  lat: number,
  lon: number,
  bearingDeg: number,
  distanceKm: number,
): { lat: number; lon: number } {
  const d = distanceKm / EARTH_RADIUS_KM;
  const b = bearingDeg * RAD;
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const sinP2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b);
  const p2 = Math.asin(Math.max(-1, Math.min(1, sinP2)));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sinP2);
  return { lat: p2 * DEG, lon: normalizeLon(l2 * DEG) };
}

/** The point at `fraction` (0..1) of the way along the great circle from point 1 to point 2. */
export function intermediatePoint(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  fraction: number,
): { lat: number; lon: number } {
  const total = haversineKm(lat1, lon1, lat2, lon2);
  if (total === 0) return { lat: lat1, lon: lon1 };
  const d = total / EARTH_RADIUS_KM;
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const l1 = lon1 * RAD;
  const l2 = lon2 * RAD;
  const a = Math.sin((1 - fraction) * d) / Math.sin(d);
  const b = Math.sin(fraction * d) / Math.sin(d);
  const x = a * Math.cos(p1) * Math.cos(l1) + b * Math.cos(p2) * Math.cos(l2);
  const y = a * Math.cos(p1) * Math.sin(l1) + b * Math.cos(p2) * Math.sin(l2);
  const z = a * Math.sin(p1) + b * Math.sin(p2);
  return { lat: Math.atan2(z, Math.sqrt(x * x + y * y)) * DEG, lon: normalizeLon(Math.atan2(y, x) * DEG) };
}

/** Wraps a longitude into [-180, 180). */
export function normalizeLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Knots implied by covering distanceKm in durationMs; Infinity for a distance covered in no time. */
export function impliedSpeedKt(distanceKm: number, durationMs: number): number {
  if (durationMs <= 0) return distanceKm > 0 ? Infinity : 0;
  return distanceKm / KM_PER_NM / (durationMs / 3_600_000);
}
