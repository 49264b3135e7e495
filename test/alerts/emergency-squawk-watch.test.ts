import { describe, expect, it } from 'vitest';
import { advanceSquawkWatch, type SquawkState } from '../../src/alerts/emergency-squawk-watch.js';
import type { Sighting } from '../../src/tracking/sighting.js';

const T0 = Date.UTC(2025, 9, 29, 14, 0);
const s = (seconds: number, squawk: string | null, hex = '1533ad'): Sighting => ({
  hex,
  observedAt: T0 + seconds * 1000,
  lat: 20,
  lon: -80,
  altBaroFt: 30_000,
  onGround: false,
  groundSpeedKt: 420,
  trackDeg: 120,
  verticalRateFpm: 0,
  squawk,
  callsign: 'AZS8765',
  registration: 'RA-78765',
  typeCode: 'IL76',
  source: 'test',
});

describe('advanceSquawkWatch', () => {
  it.each([
    {
      name: '7700 held 60 s triggers once',
      seq: [
        [0, '7700'],
        [30, '7700'],
        [60, '7700'],
        [90, '7700'],
      ],
      triggers: [60],
    },
    {
      name: '7600 held 59 s does not trigger',
      seq: [
        [0, '7600'],
        [59, '7600'],
      ],
      triggers: [],
    },
    {
      name: 'a normal code ends the hold',
      seq: [
        [0, '7500'],
        [30, '2000'],
        [60, '7500'],
        [90, '7500'],
      ],
      triggers: [],
    },
    {
      name: 'a change of emergency code restarts the hold',
      seq: [
        [0, '7500'],
        [40, '7700'],
        [100, '7700'],
      ],
      triggers: [100],
    },
    {
      name: 'missing squawks do not end the hold',
      seq: [
        [0, '7700'],
        [30, null],
        [60, '7700'],
      ],
      triggers: [60],
    },
    {
      name: 'a silence longer than 5 min restarts the hold',
      seq: [
        [0, '7700'],
        [30, '7700'],
        [400, '7700'],
        [470, '7700'],
      ],
      triggers: [470],
    },
  ] as const)('$name', ({ seq, triggers }) => {
    const result = advanceSquawkWatch(
      new Map(),
      seq.map(([t, q]) => s(t, q)),
      60_000,
    );
    expect(result.triggered.map((x) => (x.at - T0) / 1000)).toEqual(triggers);
  });

  it('gives the same triggers whether the sightings come in one cycle or many', () => {
    const seq = [0, 20, 40, 60, 80].map((t) => s(t, '7700'));
    const whole = advanceSquawkWatch(new Map(), seq, 60_000).triggered;
    let states = new Map<string, SquawkState>();
    const split = [];
    for (const one of seq) {
      const r = advanceSquawkWatch(states, [one], 60_000);
      split.push(...r.triggered);
      states = new Map([...states, ...[...r.changed].filter((e): e is [string, SquawkState] => e[1] !== null)]);
    }
    expect(split).toEqual(whole);
    expect(whole).toHaveLength(1);
  });

  it('ignores sightings that are not newer than the state (a replay of old data)', () => {
    const state = new Map([['1533ad', { squawk: '7700', since: T0, lastSeenAt: T0 + 90_000, alerted: true }]]);
    const r = advanceSquawkWatch(state, [s(30, '7700'), s(60, '1200')], 60_000);
    expect(r.triggered).toEqual([]);
    expect(r.changed.size).toBe(0);
  });

  it('forgets an aircraft that goes back to a normal code', () => {
    const state = new Map([['1533ad', { squawk: '7700', since: T0, lastSeenAt: T0, alerted: false }]]);
    expect(advanceSquawkWatch(state, [s(10, '4021')], 60_000).changed.get('1533ad')).toBeNull();
  });
});
