import type { AircraftTrack } from './tracker-state.js';

/**
 * hex -> position of its track in a TrackerState's `aircraft` array. The engine never removes an
 * aircraft and only appends new ones, so a position, once given, holds in every later state: one index
 * serves a whole lineage of states (each call's state is derived from the previous one) and is extended,
 * not rebuilt. It lives in a WeakMap beside the array, so the state stays plain, JSON-serialisable data
 * and a state that is dropped takes nothing with it.
 *
 * A lookup checks the track's own hex, so a stale entry (a hex added by a call whose state was thrown
 * away) is never taken for another aircraft. A call on an older state of the lineage (a branch: its
 * array is shorter than the index's head) gets an index of its own, built from its array.
 *
 * Feeds list their aircraft in much the same order from one poll to the next, so before the hash
 * lookup `find` tries the position that the same place in the previous batch had (`hints`, with a
 * cursor that skips aircraft gone silent). With thousands of tracks scattered over the heap the hash
 * probe costs a few cache misses per sighting; the guess costs none beyond the track the call reads
 * anyway.
 * A guess is only taken when that track's hex matches, and a hex has one track, so the result is the
 * same as the hash lookup's.
 */
export class TrackIndex {
  /** Positions of the previous batch's sightings (-1: none), and where this batch is in them. */
  private hints = new Int32Array(0);
  private nextHints = new Int32Array(0);
  private cursor = 0;

  private constructor(
    private readonly positions: Map<string, number>,
    /** Length of the newest array this index belongs to. */
    private headLength: number,
  ) {}

  private static readonly byArray = new WeakMap<readonly AircraftTrack[], TrackIndex>();

  /** The index for this array: the lineage's when the array is its newest state, else a new one. */
  static of(tracks: readonly AircraftTrack[]): TrackIndex {
    const known = TrackIndex.byArray.get(tracks);
    if (known !== undefined && known.headLength === tracks.length) return known;
    const positions = new Map<string, number>();
    for (let i = 0; i < tracks.length; i++) positions.set(tracks[i]!.hex, i);
    return new TrackIndex(positions, tracks.length);
  }

  /** Starts a batch of `size` sightings: the hints of the previous batch are used, this one's recorded. */
  beginBatch(size: number): void {
    this.cursor = 0;
    this.nextHints = new Int32Array(size).fill(-1);
  }

  /** Position of the track of the k-th sighting of the batch (hex) in `tracks`, or -1. */
  find(tracks: readonly AircraftTrack[], hex: string, k: number): number {
    const hints = this.hints;
    for (let j = this.cursor, end = Math.min(hints.length, this.cursor + 3); j < end; j++) {
      const i = hints[j]!;
      if (i >= 0 && i < tracks.length && tracks[i]!.hex === hex) {
        this.cursor = j + 1;
        this.nextHints[k] = i;
        return i;
      }
    }
    const i = this.positions.get(hex);
    if (i === undefined || i >= tracks.length || tracks[i]!.hex !== hex) return -1;
    this.nextHints[k] = i;
    return i;
  }

  /** Records that the k-th sighting's hex has its track at position i (an append by the current call). */
  add(hex: string, i: number, k: number): void {
    this.positions.set(hex, i);
    this.nextHints[k] = i;
  }

  /** Makes `tracks` (the state a call returns) the lineage's newest array. */
  adopt(tracks: readonly AircraftTrack[]): void {
    this.headLength = tracks.length;
    this.hints = this.nextHints;
    TrackIndex.byArray.set(tracks, this);
  }
}
