import { describe, expect, it } from 'vitest';
import { tracksNotMovedOn } from '../../src/pipeline/checkpoint-policy.js';
import {
  advanceAlongLog,
  isLogAdvance,
  LEG_FIELDS_COMPARED,
  loggedPositionOf,
} from '../../src/tracking/log-advance.js';
import type { Sighting } from '../../src/tracking/sighting.js';
import { advanceTracker } from '../../src/tracking/tracker-engine.js';
import { emptyTrackerState, type TrackerState } from '../../src/tracking/tracker-state.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';
import { pollBatches, TEST_AIRPORT_INDEX } from '../support/trajectory-replay.js';

/**
 * The engine's cycles that only move tracks on are exactly what advanceAlongLog rebuilds from the
 * accepted sightings, and every other kind of step is told apart, so the shell may skip writing the
 * former until a checkpoint (pipeline/checkpoint-policy.ts).
 */

const batches = pollBatches(buildSeedScenario().sightings, 60_000);

function byHex(sightings: readonly Sighting[]): Map<string, Sighting[]> {
  const map = new Map<string, Sighting[]>();
  for (const s of sightings) map.set(s.hex, [...(map.get(s.hex) ?? []), s]);
  return map;
}

describe('moving a track on along the log', () => {
  it('rebuilds, byte for byte, every track of every cycle that only moved tracks on', () => {
    let state: TrackerState = emptyTrackerState();
    let movedOn = 0;
    let other = 0;
    for (const batch of batches) {
      const result = advanceTracker(state, batch, TEST_AIRPORT_INDEX);
      if (tracksNotMovedOn(state, result).length === 0) {
        movedOn += 1;
        const accepted = byHex(result.accepted);
        result.state.aircraft.forEach((track, i) => {
          let rebuilt = state.aircraft[i]!;
          for (const s of accepted.get(track.hex) ?? []) rebuilt = advanceAlongLog(rebuilt, loggedPositionOf(s));
          expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(track));
        });
      } else other += 1;
      state = result.state;
    }
    // Most polls of a flying aircraft only move it on; the others (takeoffs, landings, gaps) are told apart.
    expect(movedOn).toBeGreaterThan(batches.length / 2);
    expect(other).toBeGreaterThan(0);
  });

  it('tells a landing, a gap, a new type and a new aircraft apart from moving on', () => {
    let state: TrackerState = emptyTrackerState();
    const kinds = new Set<string>();
    for (const batch of batches) {
      const result = advanceTracker(state, batch, TEST_AIRPORT_INDEX);
      const accepted = byHex(result.accepted);
      for (const event of result.events) {
        const i = result.state.aircraft.findIndex((t) => t.hex === event.hex);
        const before = state.aircraft[i];
        // An aircraft whose cycle raised an event was never only moved on.
        expect(isLogAdvance(before, result.state.aircraft[i]!, accepted.get(event.hex) ?? [])).toBe(false);
        kinds.add(event.kind);
      }
      if (result.events.length || result.gaps.length) expect(tracksNotMovedOn(state, result).length === 0).toBe(false);
      state = result.state;
    }
    expect(kinds.has('gap_opened')).toBe(true);
    expect([...kinds].some((k) => k.startsWith('leg'))).toBe(true);
    const track = state.aircraft[0]!;
    const s: Sighting = {
      hex: track.hex,
      observedAt: (track.last?.t ?? 0) + 1000,
      lat: track.last?.lat ?? 0,
      lon: track.last?.lon ?? 0,
      altBaroFt: track.last?.altFt ?? null,
      onGround: track.last?.onGround ?? true,
      groundSpeedKt: null,
      trackDeg: null,
      verticalRateFpm: null,
      squawk: null,
      callsign: null,
      registration: null,
      typeCode: 'ZZZZ',
      source: 'test',
    };
    const moved = advanceAlongLog(track, loggedPositionOf(s));
    expect(isLogAdvance(track, { ...moved, typeCode: 'ZZZZ' }, [s])).toBe(false);
    expect(isLogAdvance(undefined, moved, [s])).toBe(false);
    expect(isLogAdvance(track, moved, [{ ...s, typeCode: track.typeCode ?? null }])).toBe(true);
  });
});

describe('the leg comparison', () => {
  it('covers every field of a leg, so a new field cannot slip past the moved-on test', () => {
    let state: TrackerState = emptyTrackerState();
    for (const batch of batches.slice(0, 200)) state = advanceTracker(state, batch, TEST_AIRPORT_INDEX).state;
    const withLeg = state.aircraft.find((t) => t.leg !== null)!;
    expect(Object.keys(withLeg.leg!).sort()).toEqual([...LEG_FIELDS_COMPARED].sort());
  });
});
