/**
 * What one cycle's responses said about the sky around a silent aircraft's expected position, from one
 * source: a `/point` probe or airport area request of one provider, a whole-sky response, or (for
 * `heardWithoutPosition` only) any response that listed the aircraft without a position. One row of the
 * coverage_probes table (docs/schema.md). Plain data; built by the pipeline, judged by gap-verdict.ts.
 */
export interface CoverageObservation {
  /** The silence's gap key (`${hex}:${silentSince}`), whether or not its gap has opened yet. */
  gapKey: string;
  hex: string;
  /** Data time of the cycle (its asOf), epoch ms. */
  at: number;
  /** Provider that answered; null for a bare recorded response. */
  provider: string | null;
  /**
   * probe: a `/point` asked for this aircraft; area: an airport's `/point`; whole_sky: a response with no
   * route; heard: a listing of the aircraft without a position.
   */
  source: 'probe' | 'area' | 'whole_sky' | 'heard';
  /** The `/point` path asked (null for whole_sky). */
  path: string | null;
  expectedLat: number;
  expectedLon: number;
  /** The aircraft's last altitude, ft, that "comparable altitude" is measured against. */
  altFt: number | null;
  radiusKm: number;
  /** Other aircraft with a position within radiusKm of the expected position. */
  othersHeard: number;
  /** ...of which at comparable altitudes (see VerdictConfig.altitudeBandFt). */
  othersComparable: number;
  nearestOtherKm: number | null;
  nearestOtherHex: string | null;
  /** Altitude band of the others heard, ft (ground as 0); null when none or none reported altitude. */
  othersMinAltFt: number | null;
  othersMaxAltFt: number | null;
  /** This provider (or this whole-sky response) was also asked for the aircraft itself in the cycle. */
  askedForHex: boolean;
  /** The aircraft was listed without a position (Mode S only, rr_lat/rr_lon, lastPosition): its transponder was on. */
  heardWithoutPosition: boolean;
  /** The cycle as a whole looked like an outage (almost nothing listed anywhere, or many tracked aircraft vanished). */
  outage: boolean;
}
