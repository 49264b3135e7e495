import type { Sighting } from '../tracking/sighting.js';

const DESCRIPTIVE_FIELDS = [
  'altBaroFt',
  'groundSpeedKt',
  'trackDeg',
  'verticalRateFpm',
  'squawk',
  'callsign',
  'registration',
  'typeCode',
] as const satisfies readonly (keyof Sighting)[];

/** How much a row tells: its non-null descriptive fields (on-ground counts as a known altitude). */
function richness(sighting: Sighting): number {
  let score = sighting.onGround ? 1 : 0;
  for (const field of DESCRIPTIVE_FIELDS) if (sighting[field] !== null) score += 1;
  return score;
}

/** Every field in a fixed order, so that equal-richness rows still compare the same way on every run. */
function canonical(sighting: Sighting): string {
  return JSON.stringify([
    sighting.source,
    sighting.lat,
    sighting.lon,
    sighting.onGround,
    ...DESCRIPTIVE_FIELDS.map((field) => sighting[field]),
  ]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when a should be kept over b. */
function preferRicher(a: Sighting, b: Sighting): number {
  return richness(b) - richness(a) || compareText(canonical(a), canonical(b));
}

/**
 * Merges the sightings of several responses (several providers, or hex/type/point requests that
 * returned the same aircraft). Rows with the same (hex, observedAt) are one report of one position:
 * the richest is kept (most non-null fields; ties broken by a total order over the fields, so the
 * result does not depend on input order). Output is sorted by (hex, observedAt). Pure.
 */
export function mergeSightings(lists: readonly (readonly Sighting[])[]): Sighting[] {
  const best = new Map<string, Sighting>();
  for (const list of lists) {
    for (const sighting of list) {
      const key = `${sighting.hex}@${sighting.observedAt}`;
      const kept = best.get(key);
      if (kept === undefined || preferRicher(sighting, kept) < 0) best.set(key, sighting);
    }
  }
  return [...best.values()].sort((a, b) => compareText(a.hex, b.hex) || a.observedAt - b.observedAt);
}
