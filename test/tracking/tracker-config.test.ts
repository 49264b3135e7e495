import { describe, it, expect } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { DEFAULT_TRACKER_CONFIG, resolveTrackerConfig, type TrackerConfig } from '../../src/tracking/tracker-config.js';
import { advanceTracker } from '../../src/tracking/tracker-engine.js';
import type { TrackerState } from '../../src/tracking/tracker-state.js';
import { TEST_AIRPORT_INDEX } from '../support/trajectory-replay.js';

describe('resolveTrackerConfig', () => {
  it('fills in documented defaults and freezes the result', () => {
    const config = resolveTrackerConfig({ gapAfterMs: 120_000 });
    expect(config).toEqual({ ...DEFAULT_TRACKER_CONFIG, gapAfterMs: 120_000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    { name: 'negative gap', overrides: { gapAfterMs: -1 }, setting: 'gapAfterMs' },
    { name: 'NaN speed', overrides: { maxSpeedKt: Number.NaN }, setting: 'maxSpeedKt' },
    { name: 'zero re-anchor points', overrides: { reanchorMinPoints: 0 }, setting: 'reanchorMinPoints' },
    { name: 'lost before the gap opens', overrides: { lostAfterMs: 1_000 }, setting: 'lostAfterMs' },
  ] satisfies { name: string; overrides: Partial<TrackerConfig>; setting: string }[])(
    'rejects $name with CONFIG_INVALID naming the setting',
    ({ overrides, setting }) => {
      let caught: unknown;
      try {
        resolveTrackerConfig(overrides);
      } catch (error) {
        caught = error;
      }
      expect(isTailwatchError(caught, 'CONFIG_INVALID')).toBe(true);
      expect((caught as Error).message).toContain(setting);
    },
  );
});

describe('advanceTracker input checks', () => {
  it.each([
    { name: 'of another version', stale: { version: 2, aircraft: [] } },
    { name: 'whose tracks are not a list (a dictionary keyed by hex)', stale: { version: 1, aircraft: {} } },
  ])('refuses a stored state $name with TRACKER_STATE_INVALID and says what to do', ({ stale }) => {
    let caught: unknown;
    try {
      advanceTracker(stale as unknown as TrackerState, { sightings: [], asOf: 0 }, TEST_AIRPORT_INDEX);
    } catch (error) {
      caught = error;
    }
    expect(isTailwatchError(caught, 'TRACKER_STATE_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/Clear the stored tracker state/);
  });
});
