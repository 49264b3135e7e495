import type { Sighting } from '../tracking/sighting.js';

/** Hijack, radio failure, general emergency. */
export const EMERGENCY_SQUAWKS: ReadonlySet<string> = new Set(['7500', '7600', '7700']);

/** Two sightings of an emergency code further apart than this do not make one continuous hold. */
export const SQUAWK_CONTINUITY_MS = 5 * 60_000;

/** Per aircraft: the emergency code it shows, since when (data time), and whether it was alerted. */
export interface SquawkState {
  squawk: string;
  since: number;
  lastSeenAt: number;
  alerted: boolean;
}

export interface SquawkTrigger {
  hex: string;
  squawk: string;
  since: number;
  /** The sighting at which the hold reached holdMs. */
  at: number;
  lat: number;
  lon: number;
}

export interface SquawkWatchResult {
  /** New state per aircraft whose state changed; null: forget it (back to a normal code). */
  changed: Map<string, SquawkState | null>;
  triggered: SquawkTrigger[];
}

/**
 * Follows emergency squawks through a cycle's sightings (pure). An alert triggers once per hold: when
 * the same code (7500, 7600 or 7700) has been seen continuously for holdMs of data time. Another code
 * ends the hold; a sighting without a squawk says nothing. Sightings not newer than the state (a replay
 * of old data) change nothing.
 */
export function advanceSquawkWatch(
  states: ReadonlyMap<string, SquawkState>,
  sightings: readonly Sighting[],
  holdMs: number,
): SquawkWatchResult {
  const changed = new Map<string, SquawkState | null>();
  const triggered: SquawkTrigger[] = [];
  const sorted = [...sightings].sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : a.observedAt - b.observedAt));
  for (const s of sorted) {
    if (s.squawk === null) continue;
    const current = changed.has(s.hex) ? (changed.get(s.hex) ?? null) : (states.get(s.hex) ?? null);
    if (current !== null && s.observedAt <= current.lastSeenAt) continue;
    if (!EMERGENCY_SQUAWKS.has(s.squawk)) {
      if (current !== null) changed.set(s.hex, null);
      continue;
    }
    const continues =
      current !== null && current.squawk === s.squawk && s.observedAt - current.lastSeenAt <= SQUAWK_CONTINUITY_MS;
    const next: SquawkState = continues
      ? { ...current, lastSeenAt: s.observedAt }
      : { squawk: s.squawk, since: s.observedAt, lastSeenAt: s.observedAt, alerted: false };
    if (!next.alerted && next.lastSeenAt - next.since >= holdMs) {
      next.alerted = true;
      triggered.push({ hex: s.hex, squawk: s.squawk, since: next.since, at: s.observedAt, lat: s.lat, lon: s.lon });
    }
    changed.set(s.hex, next);
  }
  return { changed, triggered };
}
