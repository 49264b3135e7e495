import { describe, expect, it } from 'vitest';
import type { CoverageObservation } from '../../src/tracking/coverage-observation.js';
import { judgeGap, summarizeEvidence, verdictReason } from '../../src/tracking/gap-verdict.js';
import { silentAircraft } from '../../src/tracking/silent-aircraft.js';
import type { AircraftTrack } from '../../src/tracking/tracker-state.js';
import { DEFAULT_VERDICT_CONFIG, resolveVerdictConfig } from '../../src/tracking/verdict-config.js';

const config = DEFAULT_VERDICT_CONFIG;
const T0 = Date.UTC(2025, 9, 29, 14, 0);

function observation(minute: number, fields: Partial<CoverageObservation> = {}): CoverageObservation {
  return {
    gapKey: `1533ad:${T0}`,
    hex: '1533ad',
    at: T0 + minute * 60_000,
    provider: 'adsb.lol',
    source: 'probe',
    path: '/point/11/-69/54',
    expectedLat: 11,
    expectedLon: -69,
    altFt: 30_000,
    radiusKm: 100,
    othersHeard: 0,
    othersComparable: 0,
    nearestOtherKm: null,
    nearestOtherHex: null,
    othersMinAltFt: null,
    othersMaxAltFt: null,
    askedForHex: true,
    heardWithoutPosition: false,
    outage: false,
    ...fields,
  };
}
const heard = (n: number, km = 20) => ({ othersHeard: n, othersComparable: n, nearestOtherKm: km });

describe('judgeGap', () => {
  it('is unknown without evidence', () => {
    const evidence = summarizeEvidence([], config);
    expect(judgeGap(evidence, config)).toBe('unknown');
    expect(verdictReason('unknown', evidence, 100)).toMatch(/no evidence/);
  });

  it('is dark when others were heard near where it should have been by a provider asked for it', () => {
    const evidence = summarizeEvidence(
      [1, 2, 3].map((m) => observation(m, heard(7, 35.2))),
      config,
    );
    expect(evidence).toMatchObject({ cycles: 3, coveredCycles: 3, othersHeard: 7, nearestOtherKm: 35.2 });
    expect(evidence.providersChecked).toEqual(['adsb.lol']);
    expect(judgeGap(evidence, config)).toBe('dark');
    expect(verdictReason('dark', evidence, 100)).toMatch(
      /^7 other aircraft heard within 100 km of its expected position while it was silent/,
    );
  });

  it('does not count others heard by a provider that was not asked for the aircraft', () => {
    const evidence = summarizeEvidence(
      [1, 2, 3].map((m) => observation(m, { ...heard(7), askedForHex: false })),
      config,
    );
    expect(evidence.coveredCycles).toBe(0);
    expect(judgeGap(evidence, config)).toBe('coverage');
  });

  it('is coverage when too few were heard in too few polls', () => {
    const list = [observation(1, heard(5)), ...[2, 3, 4, 5].map((m) => observation(m, heard(1)))];
    expect(judgeGap(summarizeEvidence(list, config), config)).toBe('coverage');
    // one covered poll is not enough even when it is the only one
    expect(judgeGap(summarizeEvidence([observation(1, heard(5))], config), config)).toBe('coverage');
  });

  it('is outage when most polls were outages, and outage polls do not dilute the covered share', () => {
    const outage = [1, 2, 3].map((m) => observation(m, { outage: true }));
    expect(judgeGap(summarizeEvidence(outage, config), config)).toBe('outage');
    const mixed = [observation(1, { outage: true }), ...[2, 3].map((m) => observation(m, heard(4)))];
    expect(judgeGap(summarizeEvidence(mixed, config), config)).toBe('dark');
  });

  it('is never dark when it was heard without a position (its transponder was on)', () => {
    const list = [1, 2, 3].map((m) => observation(m, heard(9)));
    list.push(observation(2, { source: 'heard', heardWithoutPosition: true, path: '/hex/1533ad' }));
    const evidence = summarizeEvidence(list, config);
    expect(evidence.heardWithoutPositionCycles).toBe(1);
    expect(judgeGap(evidence, config)).toBe('coverage');
  });

  it('counts one poll once, whatever number of providers and sources observed it', () => {
    const list = [observation(1, heard(4)), observation(1, { ...heard(6), provider: 'adsb.fi', source: 'area' })];
    const evidence = summarizeEvidence(list, config);
    expect(evidence).toMatchObject({ cycles: 1, coveredCycles: 1, othersHeard: 6 });
    expect(evidence.providersChecked).toEqual(['adsb.fi', 'adsb.lol']);
  });
});

describe('resolveVerdictConfig', () => {
  it('names the setting that is wrong', () => {
    expect(() => resolveVerdictConfig({ darkMinCoveredShare: 2 })).toThrow(/"darkMinCoveredShare"/);
  });
});

describe('silentAircraft', () => {
  function track(hex: string, lastMinute: number, fields: Partial<NonNullable<AircraftTrack['last']>> = {}) {
    return {
      hex,
      last: {
        t: T0 + lastMinute * 60_000,
        lat: 11,
        lon: -70,
        altFt: 30_000,
        onGround: false,
        verticalRateFpm: 0,
        groundSpeedKt: 420,
        trackDeg: 90,
        ...fields,
      },
      leg: { status: 'airborne' } as AircraftTrack['leg'],
      gap: null,
      liftoff: null,
      pending: [],
    } satisfies AircraftTrack;
  }

  it('dead-reckons the silent airborne aircraft, most recently silent first, capped', () => {
    const state = {
      version: 1 as const,
      aircraft: [
        track('aaaaaa', 0),
        track('bbbbbb', 5),
        track('cccccc', 9.5), // 30 s: not silent yet
        track('dddddd', 5, { onGround: true }),
        track('eeeeee', 5),
      ],
    };
    const found = silentAircraft(state, new Set(['eeeeee']), T0 + 10 * 60_000, config);
    expect(found.map((s) => s.hex)).toEqual(['bbbbbb', 'aaaaaa']);
    // 420 kt for 5 minutes due east: 64.8 km, about 0.593 degrees of longitude at 11 N
    expect(found[0]!.expectedLon).toBeCloseTo(-70 + 64.82 / (111.195 * Math.cos((11 * Math.PI) / 180)), 2);
    expect(found[0]!.gapKey).toBe(`bbbbbb:${T0 + 5 * 60_000}`);
    const capped = silentAircraft(state, new Set(), T0 + 10 * 60_000, resolveVerdictConfig({ maxProbedAircraft: 1 }));
    expect(capped.map((s) => s.hex)).toEqual(['bbbbbb']);
  });
});
