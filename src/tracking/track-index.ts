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
 */
export class TrackIndex {
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

  /** Position of hex's track in `tracks` (an array of this lineage), or -1. */
  find(tracks: readonly AircraftTrack[], hex: string): number {
    const i = this.positions.get(hex);
    return i !== undefined && i < tracks.length && tracks[i]!.hex === hex ? i : -1;
  }

  /** Records that hex's track is at position i (an append by the current call). */
  add(hex: string, i: number): void {
    this.positions.set(hex, i);
  }

  /** Makes `tracks` (the state a call returns) the lineage's newest array. */
  adopt(tracks: readonly AircraftTrack[]): void {
    this.headLength = tracks.length;
    TrackIndex.byArray.set(tracks, this);
  }
}
