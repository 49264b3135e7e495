/** One end of a runway (OurAirports `le_*` or `he_*` columns). Coordinates are the threshold. */
export interface RunwayEnd {
  /** e.g. "09L", "27", "H1" (a heliport pad), "N" */
  ident: string;
  lat: number | null;
  lon: number | null;
  elevationFt: number | null;
  /** True heading of the runway seen from this end (the direction of a takeoff or landing on it). */
  headingDegT: number | null;
}

/** A runway as stored in the `runways` table (OurAirports `runways.csv`). */
export interface Runway {
  airportIdent: string;
  lengthFt: number | null;
  widthFt: number | null;
  /** Surface as OurAirports spells it (ASP, CON, GRS, ASPH-G, ...), upper case; null when unknown. */
  surface: string | null;
  closed: boolean;
  /** The low end; the high end is null for a pad or a runway listed with one end only. */
  le: RunwayEnd;
  he: RunwayEnd | null;
}

/** A heliport pad: OurAirports lists one as a "runway" with an `H1`-style low end and no high end. */
export function isHelipad(runway: Runway): boolean {
  return /^H\d*$/i.test(runway.le.ident) && (runway.he === null || runway.he.ident === '');
}
