import { describe, it, expect } from 'vitest';
import type { Sighting } from '../../src/tracking/sighting.js';
import { advanceTracker } from '../../src/tracking/tracker-engine.js';
import { emptyTrackerState, type TrackerState } from '../../src/tracking/tracker-state.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';
import { lastTime, replay, replayAll, TEST_AIRPORT_INDEX } from '../support/trajectory-replay.js';

const HOUR = 3_600_000;
const scenario = buildSeedScenario();
const sorted = [...scenario.sightings].sort((a, b) => a.observedAt - b.observedAt);
const end = lastTime(sorted) + 13 * HOUR;
const reference = replayAll(sorted, 13 * HOUR);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('replays, duplicates, disorder and clock reversal change nothing', () => {
  it('replaying the same sightings a second time yields no events, legs, gaps or accepted sightings', () => {
    const again = advanceTracker(reference.state, { sightings: sorted, asOf: end }, TEST_AIRPORT_INDEX);
    expect(again.events).toEqual([]);
    expect(again.legs).toEqual([]);
    expect(again.gaps).toEqual([]);
    expect(again.accepted).toEqual([]);
    expect(again.state).toEqual(reference.state);
  });

  it.each([
    {
      name: 'every sighting delivered twice',
      input: () => sorted.flatMap((s) => [s, { ...s, source: 'second-provider' }]),
    },
    { name: 'the whole batch shuffled', input: () => shuffled(sorted, 42) },
    { name: 'delivered newest first', input: () => [...sorted].reverse() },
  ])('$name, in one batch: same records as the clean batch', ({ input }) => {
    const out = replayAll(input(), 13 * HOUR);
    expect(out.legs).toEqual(reference.legs);
    expect(out.gaps).toEqual(reference.gaps);
    expect(out.events).toEqual(reference.events);
    expect(out.accepted).toHaveLength(sorted.length);
  });

  it('stale points and a clock that goes backwards after the fact are dropped and change nothing', () => {
    const half = Math.floor(sorted.length / 2);
    const firstHalf = sorted.slice(0, half);
    const stale: Sighting[] = sorted
      .slice(half - 200, half)
      .map((s) => ({ ...s, observedAt: s.observedAt - 7_000, source: 'stale' }));
    const out = replay([
      { sightings: firstHalf, asOf: sorted[half - 1]!.observedAt },
      { sightings: stale, asOf: sorted[half - 1]!.observedAt + 30_000 },
      { sightings: sorted.slice(half), asOf: end },
    ]);
    expect(out.dropped).toEqual({ out_of_order: 200 });
    expect(out.legs).toEqual(reference.legs);
    expect(out.gaps).toEqual(reference.gaps);
  });

  it('a sighting stamped far after asOf (a clock error) is dropped as future', () => {
    const s = sorted[10]!;
    const r = advanceTracker(
      emptyTrackerState(),
      { sightings: [{ ...s, observedAt: s.observedAt + 2 * HOUR }], asOf: s.observedAt },
      TEST_AIRPORT_INDEX,
    );
    expect(r.dropped).toEqual({ future: 1 });
    expect(r.state.aircraft).toEqual([]);
  });

  it.each([
    { name: 'NaN latitude', patch: { lat: Number.NaN } },
    { name: 'latitude beyond the pole', patch: { lat: 91 } },
    { name: 'null island', patch: { lat: 0, lon: 0 } },
  ])('a malformed sighting ($name) is dropped as invalid', ({ patch }) => {
    const r = advanceTracker(
      emptyTrackerState(),
      { sightings: [{ ...sorted[0]!, ...patch }], asOf: sorted[0]!.observedAt },
      TEST_AIRPORT_INDEX,
    );
    expect(r.dropped).toEqual({ invalid: 1 });
  });

  it('never mutates its input state or sightings, and its state survives a JSON round trip', () => {
    const half = Math.floor(sorted.length / 2);
    const first = advanceTracker(
      emptyTrackerState(),
      { sightings: sorted.slice(0, half), asOf: sorted[half - 1]!.observedAt },
      TEST_AIRPORT_INDEX,
    );
    const snapshot = JSON.stringify(first.state);
    const frozenState: TrackerState = deepFreeze(first.state);
    const rest = deepFreeze(sorted.slice(half));
    const direct = advanceTracker(frozenState, { sightings: rest, asOf: end }, TEST_AIRPORT_INDEX);
    expect(JSON.stringify(frozenState)).toBe(snapshot);
    const viaJson = advanceTracker(
      JSON.parse(snapshot) as TrackerState,
      { sightings: rest, asOf: end },
      TEST_AIRPORT_INDEX,
    );
    expect(viaJson.legs).toEqual(direct.legs);
    expect(viaJson.gaps).toEqual(direct.gaps);
    expect(viaJson.events).toEqual(direct.events);
    expect(viaJson.state).toEqual(direct.state);
  });
});
