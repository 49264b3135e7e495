import type { AircraftTrack } from './tracker-state.js';

/**
 * Sorts positions of tracks (ascending, i.e. first-seen order) into the order in which a dictionary
 * keyed by hex would list them: keys that are array indices ("100000", "152207": all decimal digits, no
 * leading zero) first, ascending by value, then the others in insertion order. The state used to be
 * such a dictionary and the end-of-call silence sweep ran in that order; it decides the order of the
 * records and of same-time events that sweep emits (so the order they are stored in), so it is kept:
 * the recorded results (test/tracking/tracker-recorded-results.test.ts) hold it. It does not
 * depend on the shape of the input state, which is always the array.
 */
export function sortInHexKeyOrder(positions: number[], tracks: readonly AircraftTrack[]): void {
  if (positions.length < 2) return;
  const index = positions.map((p) => arrayIndexValue(tracks[p]!.hex));
  const order = positions.map((_, i) => i);
  order.sort((a, b) => {
    const ia = index[a]!;
    const ib = index[b]!;
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a - b;
  });
  const sorted = order.map((i) => positions[i]!);
  for (let i = 0; i < sorted.length; i++) positions[i] = sorted[i]!;
}

/** The value of a key that is an ECMAScript array index (a canonical integer below 2^32 - 1), else -1. */
function arrayIndexValue(key: string): number {
  if (key.length === 0 || key.length > 10 || (key.length > 1 && key.charCodeAt(0) === 48)) return -1;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  const value = Number(key);
  return value < 4_294_967_295 ? value : -1;
}
