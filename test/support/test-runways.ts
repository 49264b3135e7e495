import type { Airport } from '../../src/airports/airport.js';
import type { Runway } from '../../src/airports/runway.js';
import { destinationPoint } from '../../src/shared/geo.js';
import type { Place } from './trajectory-profile.js';

/** Made-up fields and runways for the runway-aware tests, built from a threshold, a heading and a length. */

export interface LatLon {
  lat: number;
  lon: number;
}

export function testAirport(ident: string, type: string, at: LatLon, elevationFt: number): Airport {
  return {
    ident,
    name: `Test field ${ident}`,
    type,
    lat: at.lat,
    lon: at.lon,
    elevationFt,
    isoCountry: 'ZZ',
    iata: null,
  };
}

/**
 * A runway whose `ident` end is at `threshold`, pointing `headingDeg` (true), `lengthM` long; the far end
 * is named `oppositeIdent`.
 */
export function testRunway(
  airportIdent: string,
  ident: string,
  oppositeIdent: string,
  threshold: LatLon,
  headingDeg: number,
  lengthM: number,
  extra: { closed?: boolean; surface?: string } = {},
): Runway {
  const far = destinationPoint(threshold.lat, threshold.lon, headingDeg, lengthM / 1000);
  return {
    airportIdent,
    lengthFt: Math.round(lengthM * 3.28084),
    widthFt: 150,
    surface: extra.surface ?? 'ASP',
    closed: extra.closed ?? false,
    le: { ident, lat: threshold.lat, lon: threshold.lon, elevationFt: null, headingDegT: headingDeg },
    he: { ident: oppositeIdent, lat: far.lat, lon: far.lon, elevationFt: null, headingDegT: (headingDeg + 180) % 360 },
  };
}

/** The point `km` from `from` along `headingDeg`. */
export function along(from: LatLon, headingDeg: number, km: number): LatLon {
  return destinationPoint(from.lat, from.lon, headingDeg, km);
}

/** A place for the trajectory generator. */
export function placeAt(ident: string, at: LatLon, elevationFt: number): Place {
  return { ident, lat: at.lat, lon: at.lon, elevationFt };
}
