import { TailwatchError } from '../errors/tailwatch-error.js';

/** A watched airframe, as operators edit it and the worker reads it. */
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

const HEX_PATTERN = /^[0-9a-f]{6}$/;

/** True for a valid ICAO 24-bit address written as 6 hex digits (any case, surrounding blanks allowed). */
export function isValidHex(value: string): boolean {
  return HEX_PATTERN.test(value.trim().toLowerCase());
}

/** Normalises a hex to 6 lowercase digits, or throws INVALID_HEX with a message saying what is expected. */
export function normalizeHex(value: string): string {
  const hex = value.trim().toLowerCase();
  if (!HEX_PATTERN.test(hex)) {
    throw new TailwatchError(
      'INVALID_HEX',
      `"${value}" is not an ICAO hex address: expected 6 hex digits such as 1533ad (non-ICAO "~" addresses cannot be watched).`,
      { value },
    );
  }
  return hex;
}

/**
 * Trims a text field; empty strings become null. A NUL character, which PostgreSQL text cannot hold
 * (one would fail the whole cycle or import), becomes U+FFFD; everything else is kept verbatim.
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = (value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value).trim();
  return trimmed === '' ? null : trimmed;
}
