/**
 * Why a row of a feed response was not turned into a sighting. Each dropped row is counted under
 * exactly one reason (the first rule it breaks, in this order).
 */
export const DROP_REASONS = {
  bad_row: 'the row is not a JSON object',
  non_icao_address: 'the hex starts with "~": a non-ICAO (TIS-B / anonymous) address that cannot be watched',
  bad_hex: 'the hex is missing or not 6 hex digits',
  no_position: 'no current lat/lon (rr_lat/rr_lon receiver estimates are not positions)',
  stale_position: 'the position is older than the allowed staleness (includes rows that only carry lastPosition)',
  bad_coordinates: 'lat/lon present but not numbers, not finite, or out of range',
  bad_field: 'seen_pos (needed to time the position) has the wrong type or is negative',
  no_position_time: 'neither seen_pos nor seen is present, so the position cannot be timed',
} as const;

export type DropReason = keyof typeof DROP_REASONS;

/** Adds one to a counter table (a plain object, so it serialises and compares easily). */
export function countInto(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Sums several counter tables into a new one. */
export function addCounts(tables: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const table of tables) for (const [key, value] of Object.entries(table)) countInto(total, key, value);
  return total;
}
