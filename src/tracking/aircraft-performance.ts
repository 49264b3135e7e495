/**
 * What the engine assumes about an aircraft type when it asks "could it have used that field?".
 *
 * - Shallowest gradient: the flattest average climb or descent the type flies between a runway and the
 *   first or last position seen near it. A field farther than height / gradient (plus the slack of
 *   field-choice.ts) could not have been reached. Jets: 3 % (1.7°; a 3° glide path is 5.2 %, a jet's initial
 *   climb 6-10 %). Turboprops and pistons climb and descend at similar angles but fly slower patterns:
 *   2.5 %. A type not listed is taken as a jet.
 * - Shortest usable runway: a field whose runways are all shorter is never chosen for the type. Figures are
 *   rounded down from published take-off and landing distances (the Il-76 needs about 1,700 m); a type not
 *   listed has no minimum.
 */

export type AircraftCategory = 'jet' | 'prop';

const GRADIENT: Record<AircraftCategory, number> = { jet: 0.03, prop: 0.025 };

/** ICAO type designators flown by propellers (turboprop or piston) among the types seen on watchlists. */
const PROP_TYPES = new Set([
  'AN12', 'AN24', 'AN26', 'AN28', 'AN30', 'AN32', 'AN2', 'AN22', 'AN70', 'IL18', 'IL114', 'C130', 'C30J',
  'L410', 'DHC6', 'DH8A', 'DH8B', 'DH8C', 'DH8D', 'AT43', 'AT45', 'AT72', 'AT75', 'AT76', 'B190', 'BE20',
  'BE9L', 'C208', 'PC12', 'SF34', 'SW4', 'Y12', 'MA60', 'CN35', 'C295', 'E120', 'JS41', 'F27', 'F50',
]); // prettier-ignore

/** Shortest runway, metres, by ICAO type designator. */
const MIN_RUNWAY_M: Readonly<Record<string, number>> = {
  IL76: 1_700,
  IL62: 2_000,
  IL96: 2_200,
  AN124: 2_000,
  A124: 2_000,
  A225: 2_500,
  B742: 2_000,
  B744: 2_000,
  B748: 2_100,
  B77W: 2_000,
  A388: 2_300,
  A346: 2_000,
  C17: 1_000,
  AN12: 900,
  C130: 900,
};

const FT_PER_M = 3.28084;

export function categoryOf(typeCode: string | null): AircraftCategory {
  return typeCode !== null && PROP_TYPES.has(typeCode) ? 'prop' : 'jet';
}

/** The shallowest plausible average gradient (rise over run) for the type; see the header. */
export function shallowestGradient(typeCode: string | null): number {
  return GRADIENT[categoryOf(typeCode)];
}

/** The shortest runway the type can use, in feet (the unit of the runway data), or null when not known. */
export function minRunwayFt(typeCode: string | null): number | null {
  const m = typeCode === null ? undefined : MIN_RUNWAY_M[typeCode];
  return m === undefined ? null : m * FT_PER_M;
}
