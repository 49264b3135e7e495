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
 * Two rows of the same aircraft at exactly the same coordinates, timed at most this far apart, are one
 * position report (one message, timed by each aggregator against its own `now`). An aircraft
 * in flight moves hundreds of metres in that time, so two different reports never share coordinates.
 */
export const SAME_REPORT_MS = 2000;

/**
 * Merges the sightings of several responses (several providers, or hex/type/point requests that
 * returned the same aircraft) into one row per position report, keeping the richest (most non-null
 * fields; ties broken by a total order over the fields, so the result does not depend on input order),
 * with `heardBy` listing every provider that reported it (sorted) when there were several. One report:
 * - rows with the same (hex, observedAt);
 * - rows of different responses with the same hex and coordinates, timed within SAME_REPORT_MS of the
 *   earliest of them (each provider, and each of one provider's answers, times a position against its
 *   own `now`).
 * Output is sorted by (hex, observedAt). Pure; the input rows are not changed.
 */
export function mergeSightings(lists: readonly (readonly Sighting[])[]): Sighting[] {
  const all = lists.length === 1 ? lists[0]!.slice() : lists.flat();
  // One response (a whole-sky snapshot, a bare replayed line) has one row per aircraft: no coordinate pass.
  const rows = lists.length > 1 ? mergeRuns(all, byPositionThenTime, sameCoordinatesSoon) : all;
  return mergeRuns(rows, byHexThenTime, sameTime);
}

/**
 * Sorts the rows so that the reports of one position are next to each other, then keeps the richest of
 * each run of rows `sameReport` to the run's first row: one pass, no per-row string key (this runs on
 * every row of a global snapshot).
 */
function mergeRuns(
  rows: Sighting[],
  order: (a: Sighting, b: Sighting) => number,
  sameReport: (first: Sighting, next: Sighting) => boolean,
): Sighting[] {
  rows.sort(order);
  const out: Sighting[] = [];
  let first: Sighting | undefined;
  // The providers of the run that ends at out[out.length - 1], when it has more than one row.
  let runProviders: Set<string> | null = null;
  const closeRun = () => {
    if (runProviders === null) return;
    const kept = out[out.length - 1]!;
    const heardBy = [...runProviders].sort();
    out[out.length - 1] = heardBy.length > 1 ? { ...kept, heardBy } : withoutHeardBy(kept);
    runProviders = null;
  };
  for (const sighting of rows) {
    const last = out[out.length - 1];
    if (last === undefined || first === undefined || !sameReport(first, sighting)) {
      closeRun();
      out.push(sighting);
      first = sighting;
      continue;
    }
    runProviders ??= new Set(providersOf(last));
    for (const provider of providersOf(sighting)) runProviders.add(provider);
    if (preferRicher(sighting, last) < 0) out[out.length - 1] = sighting;
  }
  closeRun();
  return out;
}

function sameTime(first: Sighting, next: Sighting): boolean {
  return first.hex === next.hex && first.observedAt === next.observedAt;
}

function sameCoordinatesSoon(first: Sighting, next: Sighting): boolean {
  return (
    first.hex === next.hex &&
    first.lat === next.lat &&
    first.lon === next.lon &&
    next.observedAt - first.observedAt <= SAME_REPORT_MS
  );
}

function byPositionThenTime(a: Sighting, b: Sighting): number {
  return compareText(a.hex, b.hex) || a.lat - b.lat || a.lon - b.lon || a.observedAt - b.observedAt;
}

function withoutHeardBy(sighting: Sighting): Sighting {
  if (sighting.heardBy === undefined) return sighting;
  const { heardBy: _heardBy, ...rest } = sighting;
  return rest;
}

function byHexThenTime(a: Sighting, b: Sighting): number {
  return compareText(a.hex, b.hex) || a.observedAt - b.observedAt;
}
