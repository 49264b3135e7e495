import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { changedTracks } from '../../src/store/tracker-state-repository.js';
import { advanceTracker } from '../../src/tracking/tracker-engine.js';
import { emptyTrackerState, type AircraftTrack, type TrackerState } from '../../src/tracking/tracker-state.js';
import { TEST_AIRPORT_INDEX } from '../support/trajectory-replay.js';
import { mixedTrafficBatches, transcript } from '../support/mixed-traffic.js';
import { readableTranscript } from '../support/readable-transcript.js';

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

/**
 * The engine's results on mixed-traffic.ts's traffic, as readable text (readable-transcript.ts) in
 * __snapshots__/mixed-traffic-seed-N.txt. Recorded with the engine before its throughput work (a
 * hex-keyed dictionary state, copied whole on each call; the last line of each file, a SHA-256 of the
 * exact results, is the digest this test used to hold), so the faster engine is held to exactly the
 * same results, record order and same-time event order included. A deliberate change of the rules
 * changes these: read the diff, check the new results by other means, then record them with
 * `npx vitest run test/tracking/tracker-recorded-results.test.ts -u`.
 */
describe('the engine gives the recorded results', () => {
  it.each([1, 2, 3])('mixed traffic, seed %i', async (seed) => {
    const text = readableTranscript(batches(seed), TEST_AIRPORT_INDEX, emptyTrackerState());
    await expect(text).toMatchFileSnapshot(`__snapshots__/mixed-traffic-seed-${seed}.txt`);
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
