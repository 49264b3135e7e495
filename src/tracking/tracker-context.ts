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
 * collected. A record changed several times is reported once, in its final version, at the place of
 * its first change.
 *
 * Legs: nearly every sighting touches its aircraft's leg, so they are not deduplicated through a Map
 * keyed by leg key (on each call, a Map with an entry per flying aircraft). Within a call each leg key
 * has exactly one object (the track's copy, or a leg opened in this call), and only the rules for one
 * aircraft run at a time, so a leg can only be a repeat of a leg touched since that aircraft's rules
 * began (`beginAircraft`), or during its earlier turn in the same call (the range the engine passes
 * in). Gaps are rare: a Map.
 */
export class TrackerContext {
  readonly events: TrackEvent[] = [];
  readonly legs: LegRecord[] = [];
  readonly gaps = new Map<string, GapRecord>();
  readonly accepted: Sighting[] = [];
  readonly dropped: Record<string, number> = {};
  /** Sightings rejected during this call (to undo their drop count if a re-anchor accepts them). */
  readonly rejectedNow = new Set<Sighting>();

  private legsFrom = 0;
  private earlierFrom = 0;
  private earlierTo = 0;

  constructor(
    readonly config: TrackerConfig,
    readonly airports: AirportIndex,
    readonly asOf: number,
  ) {}

  /**
   * The rules for one aircraft begin; returns where its legs start in `legs`. `earlierFrom/To`: the
   * range of legs it touched in its earlier turn in this call (empty when it had none).
   */
  beginAircraft(earlierFrom = 0, earlierTo = 0): number {
    this.legsFrom = this.legs.length;
    this.earlierFrom = earlierFrom;
    this.earlierTo = earlierTo;
    return this.legsFrom;
  }

  emit(event: TrackEvent): void {
    this.events.push(event);
  }

  touchLeg(leg: LegRecord): void {
    const legs = this.legs;
    for (let i = this.legsFrom; i < legs.length; i++) if (legs[i] === leg) return;
    for (let i = this.earlierFrom; i < this.earlierTo; i++) if (legs[i] === leg) return;
    legs.push(leg);
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
