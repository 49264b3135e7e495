import type { Runway } from './runway.js';

/**
 * Where a point lies relative to a runway: pure plane geometry on a local flat projection around the
 * runway (under 0.1 % error within 50 km, far below an ADS-B position's).
 */

const KM_PER_DEG_LAT = 111.2;
const RAD = Math.PI / 180;

/** A runway with both ends located, as a directed segment from `from` (threshold) towards `to`. */
export interface RunwayDirection {
  /** The end a takeoff starts from or a landing touches down at, e.g. "27L". */
  ident: string;
  fromLat: number;
  fromLon: number;
  toLat: number;
  toLon: number;
  /** Direction of travel, degrees true. */
  headingDeg: number;
  lengthKm: number;
}

/** A point in a runway direction's frame: km along the centreline from the threshold, and km off it. */
export interface RunwayOffset {
  alongKm: number;
  crossKm: number;
}

function xy(lat0: number, lon0: number, lat: number, lon: number): [number, number] {
  let dLon = lon - lon0;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  return [dLon * KM_PER_DEG_LAT * Math.cos(lat0 * RAD), (lat - lat0) * KM_PER_DEG_LAT];
}

/** Both directions of a runway whose two ends are located; none for a pad or a runway with one end known. */
export function runwayDirections(r: Runway): RunwayDirection[] {
  const le = r.le;
  const he = r.he;
  if (he === null || le.lat === null || le.lon === null || he.lat === null || he.lon === null) return [];
  const [x, y] = xy(le.lat, le.lon, he.lat, he.lon);
  const lengthKm = Math.hypot(x, y);
  if (lengthKm < 0.05) return [];
  const heading = (((Math.atan2(x, y) / RAD) % 360) + 360) % 360;
  return [
    {
      ident: le.ident,
      fromLat: le.lat,
      fromLon: le.lon,
      toLat: he.lat,
      toLon: he.lon,
      headingDeg: heading,
      lengthKm,
    },
    {
      ident: he.ident,
      fromLat: he.lat,
      fromLon: he.lon,
      toLat: le.lat,
      toLon: le.lon,
      headingDeg: (heading + 180) % 360,
      lengthKm,
    },
  ];
}

/** The point's position in the direction's frame (alongKm < 0: before the threshold). */
export function offsetFrom(d: RunwayDirection, lat: number, lon: number): RunwayOffset {
  const [px, py] = xy(d.fromLat, d.fromLon, lat, lon);
  const ux = Math.sin(d.headingDeg * RAD);
  const uy = Math.cos(d.headingDeg * RAD);
  return { alongKm: px * ux + py * uy, crossKm: Math.abs(px * uy - py * ux) };
}

/** Distance in km from the point to the runway's centreline segment (0 on the runway). */
export function distanceToRunwayKm(d: RunwayDirection, lat: number, lon: number): number {
  const o = offsetFrom(d, lat, lon);
  const beyond = o.alongKm < 0 ? -o.alongKm : o.alongKm > d.lengthKm ? o.alongKm - d.lengthKm : 0;
  return Math.hypot(beyond, o.crossKm);
}

/** Smallest difference between two headings, degrees in [0, 180]. */
export function headingDifferenceDeg(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}
