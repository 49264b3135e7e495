import { describe, expect, it } from 'vitest';
import { parseFeedResponse, type ParsedResponse } from '../../src/feeds/feed-response-parser.js';
import { coverageEvidence, cycleLooksLikeOutage } from '../../src/pipeline/coverage-evidence.js';
import { destinationPoint } from '../../src/shared/geo.js';
import type { AircraftTrack, TrackerState } from '../../src/tracking/tracker-state.js';
import { DEFAULT_VERDICT_CONFIG } from '../../src/tracking/verdict-config.js';
import { aircraftRow, envelope, type WorldAircraft } from '../support/feed-world.js';

const config = DEFAULT_VERDICT_CONFIG;
const T0 = Date.UTC(2025, 9, 29, 14, 0);
const NOW = T0 + 3 * 60_000;
const HEX = '1533ad';

function airborne(hex: string, lastT: number): AircraftTrack {
  return {
    hex,
    last: { t: lastT, lat: 11, lon: -70, altFt: 30_000, onGround: false, verticalRateFpm: 0, groundSpeedKt: 0 },
    leg: { status: 'airborne' } as AircraftTrack['leg'],
    gap: null,
    liftoff: null,
    pending: [],
  };
}
const state = (...tracks: AircraftTrack[]): TrackerState => ({ version: 1, aircraft: tracks });

function response(
  aircraft: WorldAircraft[],
  fields: Partial<Pick<ParsedResponse, 'provider' | 'path' | 'purpose' | 'probe'>> = {},
): ParsedResponse {
  const provider = fields.provider === undefined ? 'adsb.lol' : fields.provider;
  return {
    ...parseFeedResponse(envelope(NOW, aircraft.map(aircraftRow)), provider ?? 'replay'),
    provider,
    path: fields.path ?? null,
    purpose: fields.purpose ?? null,
    ...(fields.probe ? { probe: true } : {}),
  };
}
/** Aircraft `km` east of the silent one's last (and, with no speed, expected) position. */
const around = (n: number, km = 30, altFt = 28_000): WorldAircraft[] =>
  Array.from({ length: n }, (_, i) => {
    const p = destinationPoint(11, -70, 90, km + i);
    return { hex: `aa00${String(i).padStart(2, '0')}`, lat: p.lat, lon: p.lon, alt: altFt };
  });
const hexAnswer = (provider: string) => response([], { provider, path: `/hex/${HEX}`, purpose: 'watchlist' });

describe('coverageEvidence', () => {
  it("counts others in a probe's circle, and notes whether that provider was asked for the aircraft", () => {
    const probe = (provider: string) =>
      response(around(4), { provider, path: '/point/11/-70/54', purpose: 'area', probe: true });
    const { silent, observations, outage } = coverageEvidence(
      state(airborne(HEX, T0)),
      new Set(),
      [hexAnswer('adsb.lol'), probe('adsb.lol'), probe('adsb.fi')],
      NOW,
      config,
    );
    expect(silent.map((s) => s.hex)).toEqual([HEX]);
    expect(outage).toBe(false);
    expect(observations.map((o) => [o.provider, o.source, o.othersComparable, o.askedForHex])).toEqual([
      ['adsb.lol', 'probe', 4, true],
      ['adsb.fi', 'probe', 4, false],
    ]);
    expect(observations[0]).toMatchObject({ nearestOtherKm: 30, othersMinAltFt: 28_000, gapKey: `${HEX}:${T0}` });
  });

  it('leaves out responses whose circle does not hold the expected position, and others outside the radius', () => {
    const far = response(around(4), { path: '/point/22.99/-82.41/250', purpose: 'area' });
    const near = response([...around(2), ...around(3, 150)], { path: '/point/10.6/-66.99/250', purpose: 'area' });
    const { observations } = coverageEvidence(
      state(airborne(HEX, T0)),
      new Set(),
      [hexAnswer('adsb.lol'), far, near],
      NOW,
      config,
    );
    expect(observations.map((o) => [o.path, o.othersHeard])).toEqual([['/point/10.6/-66.99/250', 2]]);
  });

  it('counts others far above the aircraft as heard but not at a comparable altitude', () => {
    const high = response(around(3, 30, 41_000), { path: null, purpose: null, provider: null });
    const track = airborne(HEX, T0);
    const low = { ...track, last: { ...track.last!, altFt: 8_000 } };
    const [o] = coverageEvidence(state(low), new Set(), [high], NOW, config).observations;
    expect(o).toMatchObject({ source: 'whole_sky', othersHeard: 3, othersComparable: 0, askedForHex: true });
  });

  it('records a listing without a position as heard', () => {
    const modeS = response([{ hex: HEX, type: 'mode_s', seen: 2 }, ...around(3)], {
      path: `/hex/${HEX}`,
      purpose: 'watchlist',
    });
    const { observations } = coverageEvidence(state(airborne(HEX, T0)), new Set(), [modeS], NOW, config);
    expect(observations).toEqual([expect.objectContaining({ source: 'heard', heardWithoutPosition: true })]);
  });

  it('probes nobody heard in this poll or silent for less than a minute', () => {
    const tracks = state(airborne(HEX, T0), airborne('152c07', NOW - 30_000));
    expect(coverageEvidence(tracks, new Set([HEX]), [], NOW, config).silent).toEqual([]);
  });
});

describe('cycleLooksLikeOutage', () => {
  it('when the responses list almost nothing anywhere', () => {
    expect(cycleLooksLikeOutage(state(), new Set(), [response(around(2))], NOW, config)).toBe(true);
    expect(cycleLooksLikeOutage(state(), new Set(), [response(around(3))], NOW, config)).toBe(false);
  });

  it('when at least half, and at least 5, of the tracked aircraft heard a moment ago vanish at once', () => {
    const recent = Array.from({ length: 10 }, (_, i) => airborne(`10000${i}`, NOW - 40_000));
    const busy = [response(around(20))];
    const heard = (n: number) => new Set(recent.slice(0, n).map((t) => t.hex));
    expect(cycleLooksLikeOutage(state(...recent), heard(2), busy, NOW, config)).toBe(true);
    expect(cycleLooksLikeOutage(state(...recent), heard(5), busy, NOW, config)).toBe(true);
    expect(cycleLooksLikeOutage(state(...recent), heard(6), busy, NOW, config)).toBe(false);
    // aircraft last heard long ago are not "a moment ago"
    const old = recent.map((t) => airborne(t.hex, NOW - 10 * 60_000));
    expect(cycleLooksLikeOutage(state(...old), heard(0), busy, NOW, config)).toBe(false);
  });
});
