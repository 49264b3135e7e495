/**
 * The monthly partitions of `positions`, as pure arithmetic: which UTC month a time falls in, what its
 * partition is called and where it starts and ends, which months a cycle needs, and which partitions a
 * retention cutoff lets go. No clock, no database.
 */

/** One month of positions: [fromMs, toMs) in UTC, and the partition's name (positions_yYYYYmMM). */
export interface PositionMonth {
  name: string;
  fromMs: number;
  toMs: number;
}

const NAME = /^positions_y(\d{4})m(\d{2})$/;

/** The month (UTC) that holds a time. */
export function positionMonthOf(ms: number): PositionMonth {
  const d = new Date(ms);
  return monthAt(d.getUTCFullYear(), d.getUTCMonth());
}

function monthAt(year: number, month0: number): PositionMonth {
  const fromMs = Date.UTC(year, month0, 1);
  const toMs = Date.UTC(year, month0 + 1, 1);
  const start = new Date(fromMs);
  const yyyy = String(start.getUTCFullYear()).padStart(4, '0');
  const mm = String(start.getUTCMonth() + 1).padStart(2, '0');
  const name = `positions_y${yyyy}m${mm}`;
  return { name, fromMs, toMs };
}

/** The month a partition name stands for, or null when the name is not a monthly partition's. */
export function positionMonthNamed(name: string): PositionMonth | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return monthAt(Number(match[1]), month - 1);
}

/** How far from the cycle's data time a row may lie and still get its own month created. */
export const MONTH_WINDOW_BEFORE_MS = 62 * 86_400_000;
export const MONTH_WINDOW_AFTER_MS = 31 * 86_400_000;

/**
 * The months a cycle needs before it inserts: the month of every row within a window around the
 * cycle's data time (asOf), plus the month after asOf's, so that the partition for a new month exists
 * before its first row arrives and is never created under load at midnight. Rows far from asOf (a
 * provider's broken clock) get no month of their own: they land in the default partition.
 * Sorted by start, without duplicates.
 */
export function monthsNeeded(observedAts: Iterable<number>, asOf: number): PositionMonth[] {
  const byName = new Map<string, PositionMonth>();
  const add = (month: PositionMonth) => byName.set(month.name, month);
  const current = positionMonthOf(asOf);
  add(current);
  add(positionMonthOf(current.toMs));
  for (const t of observedAts) {
    if (t >= current.fromMs && t < current.toMs) continue; // the common case: asOf's month
    if (t < asOf - MONTH_WINDOW_BEFORE_MS || t > asOf + MONTH_WINDOW_AFTER_MS) continue;
    add(positionMonthOf(t));
  }
  return [...byName.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/** A partition whose whole month ends at or before the cutoff may be dropped. Sorted oldest first. */
export function partitionsBeyondRetention(partitionNames: Iterable<string>, cutoffMs: number): PositionMonth[] {
  const out: PositionMonth[] = [];
  for (const name of partitionNames) {
    const month = positionMonthNamed(name);
    if (month && month.toMs <= cutoffMs) out.push(month);
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}

/** An ISO timestamp with an explicit UTC offset, as partition bounds want it. */
export function boundLiteral(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', '+00:00');
}
