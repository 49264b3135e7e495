/**
 * A transponder gap: an airborne airframe silent for at least gapAfterMs. Its own record (upserted by
 * `key`); it is not a landing and does not end a leg by itself. The end fields are null while open.
 */
export interface GapRecord {
  /** `${hex}:${startedAt}`: deterministic. */
  key: string;
  hex: string;
  legKey: string | null;
  /** Time of the last sighting before the silence. */
  startedAt: number;
  /** Time of the first sighting after it; null while the gap is open. */
  endedAt: number | null;
  startLat: number;
  startLon: number;
  startAltFt: number | null;
  startOnGround: boolean;
  endLat: number | null;
  endLon: number | null;
  endAltFt: number | null;
  endOnGround: boolean | null;
  /** Great-circle distance between the last and the first position, km. */
  distanceKm: number | null;
  /** Speed needed to cover that distance in the gap's duration, kt. */
  impliedSpeedKt: number | null;
}
