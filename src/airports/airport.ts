/** An airport as stored in the `airports` table (OurAirports fields). */
export interface Airport {
  ident: string; // OurAirports ident, the ICAO code where there is one (e.g. MUHA)
  name: string;
  type: string; // large_airport | medium_airport | small_airport | heliport | seaplane_base | closed
  lat: number;
  lon: number;
  elevationFt: number | null;
  isoCountry: string | null;
  iata: string | null;
}

import type { Runway } from './runway.js';

/** Result of a nearest-airport query. */
export interface NearestAirport {
  airport: Airport;
  distanceKm: number;
}

/**
 * A read-only spatial index over airports, built once by the shell from the `airports`
 * table and handed to the pure tracking engine.
 */
export interface AirportIndex {
  /** The nearest airport within maxKm of the point, or null when none is that close. */
  nearest(lat: number, lon: number, maxKm: number): NearestAirport | null;
  /**
   * Every airport that can be a runway end within maxKm, best tier first (see airport-index.ts), nearest
   * first within a tier.
   */
  within(lat: number, lon: number, maxKm: number): NearestAirport[];
  /** Look up one airport by ident. */
  get(ident: string): Airport | undefined;
  /** The runways of an airport (empty when the table has none for it). */
  runwaysOf(ident: string): readonly Runway[];
}
