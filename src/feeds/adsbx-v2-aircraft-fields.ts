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

const SQUAWK_PATTERN = /^[0-7]{4}$/;

/** Each field's check: the accepted value, or undefined when it has the wrong type or an impossible value. */
export const AIRCRAFT_FIELD_CHECKS = {
  alt_baro: (v: unknown): number | 'ground' | undefined =>
    v === 'ground' ? 'ground' : boundedNumber(v, -2_000, 100_000),
  gs: (v: unknown) => boundedNumber(v, 0, 4_000),
  track: (v: unknown) => boundedNumber(v, 0, 360),
  baro_rate: (v: unknown) => boundedNumber(v, -50_000, 50_000),
  geom_rate: (v: unknown) => boundedNumber(v, -50_000, 50_000),
  squawk: (v: unknown) => (typeof v === 'string' && SQUAWK_PATTERN.test(v) ? v : undefined),
  flight: (v: unknown) => boundedString(v, 64),
  r: (v: unknown) => boundedString(v, 64),
  t: (v: unknown) => boundedString(v, 16),
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
