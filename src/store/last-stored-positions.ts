import type { Sighting } from '../tracking/sighting.js';

/** Beyond this many aircraft the memory is dropped and starts again (a global feed sees new hexes daily). */
const MAX_AIRCRAFT = 500_000;

/**
 * The newest committed position time per aircraft, as this process stored it. A feed repeats an
 * aircraft's last position until a new one arrives (the same `now - seen_pos`), so most of a poll's
 * duplicates are exactly that row: dropping them before the insert lets COPY go straight into
 * positions without meeting the primary key (see insertPositions). Only exact repeats are dropped; any
 * other duplicate is still caught by the database. Updated only after a commit.
 */
export class LastStoredPositions {
  private readonly newest = new Map<string, number>();

  /** The sightings that are not a repeat of their aircraft's newest stored position. */
  withoutRepeats(sightings: readonly Sighting[]): Sighting[] {
    if (this.newest.size === 0) return sightings.slice();
    return sightings.filter((s) => this.newest.get(s.hex) !== s.observedAt);
  }

  /** Records sightings that are now committed (inserted by this cycle, or already there). */
  committed(sightings: readonly Sighting[]): void {
    if (this.newest.size > MAX_AIRCRAFT) this.newest.clear();
    for (const s of sightings) {
      const known = this.newest.get(s.hex);
      if (known === undefined || s.observedAt > known) this.newest.set(s.hex, s.observedAt);
    }
  }

  clear(): void {
    this.newest.clear();
  }
}
