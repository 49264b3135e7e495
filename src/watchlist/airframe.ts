/**
 * A watched airframe, as operators edit it and the worker reads it. Its hex is normalised with
 * normalizeHex, its text fields with cleanText (shared/icao-hex.ts, shared/clean-text.ts).
 */
export interface Airframe {
  hex: string; // 6 lowercase hex digits (ICAO 24-bit address)
  registration: string | null;
  typeCode: string | null; // ICAO type designator, e.g. IL76
  operator: string | null;
  reason: string | null; // why it is watched
  source: string | null; // where the entry came from
}

/** The editable fields of an airframe (everything but the key). */
export type AirframeFields = Omit<Airframe, 'hex'>;
