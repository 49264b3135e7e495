import { z } from 'zod';

/**
 * Per-aircraft fields of an ADSBx-v2 row that describe the aircraft (not its identity or position).
 * A field with the wrong type or an impossible value is set to null and counted; the row is kept.
 * Keys are omitted by the feeds when there is no data, so an absent key is simply null, not counted.
 * (z.number() rejects NaN and Infinity.)
 */
export const AIRCRAFT_FIELD_SCHEMAS = {
  alt_baro: z.union([z.literal('ground'), z.number().min(-2_000).max(100_000)]),
  gs: z.number().min(0).max(4_000),
  track: z.number().min(0).max(360),
  baro_rate: z.number().min(-50_000).max(50_000),
  geom_rate: z.number().min(-50_000).max(50_000),
  squawk: z.string().regex(/^[0-7]{4}$/),
  flight: z.string().max(64),
  r: z.string().max(64),
  t: z.string().max(16),
} as const;

export type AircraftFieldName = keyof typeof AIRCRAFT_FIELD_SCHEMAS;
export type AircraftFieldValue<K extends AircraftFieldName> = z.infer<(typeof AIRCRAFT_FIELD_SCHEMAS)[K]>;

/** Fields that place and time the position. A wrong value here drops the row (see drop-reasons.ts). */
export const latitudeSchema = z.number().min(-90).max(90);
export const longitudeSchema = z.number().min(-180).max(180);
/** Seconds; readsb rounds, so a hair below zero is tolerated and read as 0. */
export const secondsAgoSchema = z.number().min(-1).max(14 * 24 * 3600);
