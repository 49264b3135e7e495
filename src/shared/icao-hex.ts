import { TailwatchError } from '../errors/tailwatch-error.js';

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
      `"${value}" is not an ICAO hex address: expected 6 hex digits such as 1533ad ` +
        '(non-ICAO "~" addresses cannot be watched).',
      { value },
    );
  }
  return hex;
}
