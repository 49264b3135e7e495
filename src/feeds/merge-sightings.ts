import { providersOf, type Sighting } from '../tracking/sighting.js';

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
 * result does not depend on input order), and when several providers reported it, `heardBy` lists
 * them all (sorted). Output is sorted by (hex, observedAt). Pure; the input rows are not changed.
 */
export function mergeSightings(lists: readonly (readonly Sighting[])[]): Sighting[] {
  // Sorting first puts the reports of one position next to each other, so one pass keeps the richest
  // of each run: no per-row string key (this runs on every row of a global snapshot).
  const all = lists.length === 1 ? lists[0]!.slice() : lists.flat();
  all.sort(byHexThenTime);
  const out: Sighting[] = [];
  // The providers of the run that ends at out[out.length - 1], when it has more than one row.
  let runProviders: Set<string> | null = null;
  const closeRun = () => {
    if (runProviders === null) return;
    const kept = out[out.length - 1]!;
    const heardBy = [...runProviders].sort();
    out[out.length - 1] = heardBy.length > 1 ? { ...kept, heardBy } : withoutHeardBy(kept);
    runProviders = null;
  };
  for (const sighting of all) {
    const last = out[out.length - 1];
    if (last === undefined || last.hex !== sighting.hex || last.observedAt !== sighting.observedAt) {
      closeRun();
      out.push(sighting);
      continue;
    }
    runProviders ??= new Set(providersOf(last));
    for (const provider of providersOf(sighting)) runProviders.add(provider);
    if (preferRicher(sighting, last) < 0) out[out.length - 1] = sighting;
  }
  closeRun();
  return out;
}

function withoutHeardBy(sighting: Sighting): Sighting {
  if (sighting.heardBy === undefined) return sighting;
  const { heardBy: _heardBy, ...rest } = sighting;
  return rest;
}

function byHexThenTime(a: Sighting, b: Sighting): number {
  return compareText(a.hex, b.hex) || a.observedAt - b.observedAt;
}
