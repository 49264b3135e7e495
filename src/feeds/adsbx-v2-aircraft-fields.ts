/**
 * Per-aircraft fields of an ADSBx-v2 row that describe the aircraft (not its identity or position).
 * A field with the wrong type or an impossible value is set to null and counted; the row is kept.
 * Keys are omitted by the feeds when there is no data, so an absent key is simply null, not counted.
 *
 * These checks run for every field of every row (about 120,000 per cycle on a global snapshot), so
 * they are plain comparisons rather than zod schemas: zod's safeParse cost about 0.4 µs a call, which
 * made row validation most of a cycle's parse time (docs/performance.md). The rules are the same as
 * z.number().min().max() (finite numbers only) and z.string().max().regex().
 */

/** A finite number within [min, max], or undefined. */
function boundedNumber(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && value >= min && value <= max ? value : undefined; // NaN fails both comparisons
}

function boundedString(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length <= maxLength ? value : undefined;
}

/** Four octal digits (/^[0-7]{4}$/, by char code: it runs on every row). */
function isSquawk(v: string): boolean {
  if (v.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 55) return false;
  }
  return true;
}

export const checkAltBaro = (v: unknown): number | 'ground' | undefined =>
  v === 'ground' ? 'ground' : boundedNumber(v, -2_000, 100_000);
export const checkGroundSpeed = (v: unknown): number | undefined => boundedNumber(v, 0, 4_000);
export const checkTrack = (v: unknown): number | undefined => boundedNumber(v, 0, 360);
/** baro_rate and geom_rate, ft/min. */
export const checkVerticalRate = (v: unknown): number | undefined => boundedNumber(v, -50_000, 50_000);
export const checkSquawk = (v: unknown): string | undefined => (typeof v === 'string' && isSquawk(v) ? v : undefined);
/** flight and r. */
export const checkLongText = (v: unknown): string | undefined => boundedString(v, 64);
export const checkTypeCode = (v: unknown): string | undefined => boundedString(v, 16);

/**
 * Each field's check: the accepted value, or undefined when it has the wrong type or an impossible value.
 * The row parser calls each check by name (aircraft-row-to-sighting.ts), not through this table, so that
 * every call is a direct one.
 */
export const AIRCRAFT_FIELD_CHECKS = {
  alt_baro: checkAltBaro,
  gs: checkGroundSpeed,
  track: checkTrack,
  baro_rate: checkVerticalRate,
  geom_rate: checkVerticalRate,
  squawk: checkSquawk,
  flight: checkLongText,
  r: checkLongText,
  t: checkTypeCode,
} as const;

export type AircraftFieldName = keyof typeof AIRCRAFT_FIELD_CHECKS;
export type AircraftFieldValue<K extends AircraftFieldName> = Exclude<
  ReturnType<(typeof AIRCRAFT_FIELD_CHECKS)[K]>,
  undefined
>;

/** Fields that place and time the position. A wrong value here drops the row (see drop-reasons.ts). */
export const checkLatitude = (v: unknown): number | undefined => boundedNumber(v, -90, 90);
export const checkLongitude = (v: unknown): number | undefined => boundedNumber(v, -180, 180);
/** Seconds; readsb rounds, so a hair below zero is tolerated and read as 0. */
export const checkSecondsAgo = (v: unknown): number | undefined => boundedNumber(v, -1, 14 * 24 * 3600);
