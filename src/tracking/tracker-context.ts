import type { AirportIndex, NearestAirport } from '../airports/airport.js';
import type { GapRecord } from './gap-record.js';
import type { LegRecord } from './leg-record.js';
import type { Sighting } from './sighting.js';
import type { TrackEvent } from './track-event.js';
import type { TrackerConfig } from './tracker-config.js';

/** Reasons a sighting is not accepted (keys of TrackerResult.dropped). */
export type DropReason =
  | 'invalid'
  | 'duplicate'
  | 'out_of_order'
  | 'future'
  | 'implausible_jump'
  | 'implausible_altitude'
  | 'implausible_ground'
  | 'ground_clutter';

/**
 * The working set of one advanceTracker call: configuration, the airport index and the outputs being
 * collected. Legs and gaps are kept by key so that a record changed several times is reported once,
 * in its final version.
 */
export class TrackerContext {
  readonly events: TrackEvent[] = [];
  readonly legs = new Map<string, LegRecord>();
  readonly gaps = new Map<string, GapRecord>();
  readonly accepted: Sighting[] = [];
  readonly dropped: Record<string, number> = {};
  /** Sightings rejected during this call (to undo their drop count if a re-anchor accepts them). */
  readonly rejectedNow = new Set<Sighting>();

  constructor(
    readonly config: TrackerConfig,
    readonly airports: AirportIndex,
    readonly asOf: number,
  ) {}

  emit(event: TrackEvent): void {
    this.events.push(event);
  }

  touchLeg(leg: LegRecord): void {
    this.legs.set(leg.key, leg);
  }

  touchGap(gap: GapRecord): void {
    this.gaps.set(gap.key, gap);
  }

  drop(reason: DropReason, count = 1): void {
    const next = (this.dropped[reason] ?? 0) + count;
    if (next === 0) delete this.dropped[reason];
    else this.dropped[reason] = next;
  }

  /** Nearest runway-capable airport within maxKm (heliports and closed fields are never returned). */
  nearest(lat: number, lon: number, maxKm: number): NearestAirport | null {
    return this.airports.nearest(lat, lon, maxKm);
  }
}
