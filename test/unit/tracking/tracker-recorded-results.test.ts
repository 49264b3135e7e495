import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { changedTracks } from '../../../src/store/tracker-state-repository.js';
import { advanceTracker } from '../../../src/tracking/tracker-engine.js';
import { emptyTrackerState, type AircraftTrack, type TrackerState } from '../../../src/tracking/tracker-state.js';
import { TEST_AIRPORT_INDEX } from '../../support/trajectory-replay.js';
import { mixedTrafficBatches, transcript } from './mixed-traffic.js';

/**
 * SHA-256 of every output of every call (events, legs, gaps, accepted, dropped, in order) and of the
 * final tracks, on mixed-traffic.ts's traffic. Recorded with the engine before its throughput work (a
 * hex-keyed dictionary state, copied whole on each call), so the faster engine is held to exactly the
 * same results, record order and same-time event order included. A deliberate change of the rules
 * changes these: check the new results by other means, then record the new digests.
 */
const RECORDED: Record<number, string> = {
  1: '1fa9d273af5b6c844ee73bdcf4a9b2977c250c6f1ed38d93eb34e9a8ea61749f',
  2: '7bba4803866f56f23b76f958fae377d650c1a56519a5170eb8ef1c5a43398457',
  3: 'f0a2fbc26e354d56dfd04d25103ec5ddefa4baf09897c932e2b992967c797866',
};

const batchesBySeed = new Map<number, ReturnType<typeof mixedTrafficBatches>>();
function batches(seed: number): ReturnType<typeof mixedTrafficBatches> {
  const known = batchesBySeed.get(seed);
  if (known) return known;
  const made = mixedTrafficBatches(seed);
  batchesBySeed.set(seed, made);
  return made;
}

function byHex(state: TrackerState): Map<string, AircraftTrack> {
  return new Map(state.aircraft.map((t) => [t.hex, t]));
}

describe('the engine gives the recorded results', () => {
  it.each([1, 2, 3])('mixed traffic, seed %i', (seed) => {
    const out = transcript(advanceTracker, batches(seed), TEST_AIRPORT_INDEX, emptyTrackerState());
    expect(createHash('sha256').update(out).digest('hex')).toBe(RECORDED[seed]);
  });

  it('a state in the earlier shape (a dictionary keyed by hex) gives the same results as the array', () => {
    const all = batches(1);
    let state = emptyTrackerState();
    for (const batch of all.slice(0, 2000)) state = advanceTracker(state, batch, TEST_AIRPORT_INDEX).state;
    const dictionary = {
      version: 1,
      aircraft: Object.fromEntries(state.aircraft.map((t) => [t.hex, t])),
    } as unknown as TrackerState;
    const rest = all.slice(2000);
    expect(transcript(advanceTracker, rest, TEST_AIRPORT_INDEX, dictionary)).toBe(
      transcript(advanceTracker, rest, TEST_AIRPORT_INDEX, state),
    );
  });
});

describe('the state contract the shell relies on', () => {
  it('untouched aircraft keep their track object; changedTracks finds exactly the copied ones', () => {
    const all = batches(2);
    let state = emptyTrackerState();
    for (const batch of all) {
      const before = state;
      const r = advanceTracker(before, batch, TEST_AIRPORT_INDEX);
      const previous = byHex(before);
      const touched = new Set([
        ...batch.sightings.map((s) => s.hex),
        ...r.events.map((e) => e.hex),
        ...r.legs.map((l) => l.hex),
      ]);
      for (const track of r.state.aircraft) {
        if (!touched.has(track.hex)) expect(track).toBe(previous.get(track.hex));
      }
      const { changed, removed } = changedTracks(before, r.state);
      expect(removed).toEqual([]);
      expect(changed.map((t) => t.hex).sort()).toEqual(
        r.state.aircraft
          .filter((t) => previous.get(t.hex) !== t)
          .map((t) => t.hex)
          .sort(),
      );
      state = r.state;
    }
  });

  it('changedTracks compares by hex when the two states do not line up', () => {
    const a: AircraftTrack = { hex: 'aaaaaa', last: null, leg: null, gap: null, liftoff: null, pending: [] };
    const b: AircraftTrack = { hex: 'bbbbbb', last: null, leg: null, gap: null, liftoff: null, pending: [] };
    const b2: AircraftTrack = { ...b };
    const before: TrackerState = { version: 1, aircraft: [a, b] };
    expect(changedTracks(before, { version: 1, aircraft: [b, a] })).toEqual({ changed: [], removed: [] });
    expect(changedTracks(before, { version: 1, aircraft: [b2] })).toEqual({ changed: [b2], removed: ['aaaaaa'] });
  });

  it('a second call on an older state (a branch) gives what a first call on it gives, and spoils neither line', () => {
    const all = batches(3);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: all.length - 40 }), fc.integer({ min: 1, max: 30 }), (at, length) => {
        let state = emptyTrackerState();
        for (const batch of all.slice(0, at)) state = advanceTracker(state, batch, TEST_AIRPORT_INDEX).state;
        const fork = all.slice(at, at + length);
        const first = transcript(advanceTracker, fork, TEST_AIRPORT_INDEX, state);
        // The main line goes on from `state` with other batches (new aircraft included) ...
        let main = state;
        for (const batch of all.slice(at + 10, at + 40)) main = advanceTracker(main, batch, TEST_AIRPORT_INDEX).state;
        // ... and the branch from `state` still gives what it gave, and so does a copy through JSON.
        expect(transcript(advanceTracker, fork, TEST_AIRPORT_INDEX, state)).toBe(first);
        const fresh = JSON.parse(JSON.stringify(state)) as TrackerState;
        expect(transcript(advanceTracker, fork, TEST_AIRPORT_INDEX, fresh)).toBe(first);
        expect(new Set(main.aircraft.map((t) => t.hex)).size).toBe(main.aircraft.length);
      }),
      { numRuns: 15 },
    );
  });
});
