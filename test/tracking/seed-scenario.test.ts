import { describe, it, expect } from 'vitest';
import { buildSeedScenario, SEED_HEX } from '../support/trajectory-seed-scenario.js';
import { lastTime, pollBatches, replay, replayAll } from '../support/trajectory-replay.js';

const HOUR = 3_600_000;

/** RA-78765 (1533ad), 26-29 Oct 2025: GQNO-SVMI, SVMI-MUHA, MUHA-SVMI (dark mid-flight), SVMI-MNMG (dark landing). */
describe('seed scenario: RA-78765 Nouakchott - Caracas - Havana - Caracas - Managua', () => {
  const expectedLegs = [
    { from: 'GQNO', to: 'SVMI', arrivalInferred: false },
    { from: 'SVMI', to: 'MUHA', arrivalInferred: false },
    { from: 'MUHA', to: 'SVMI', arrivalInferred: false },
    { from: 'SVMI', to: 'MNMG', arrivalInferred: true },
  ];

  const variants = [
    {
      name: 'clean, one call',
      run: () => {
        const sc = buildSeedScenario();
        return { sc, out: replayAll(sc.sightings, 13 * HOUR) };
      },
    },
    {
      name: 'clean, 30 s polls',
      run: () => {
        const sc = buildSeedScenario();
        return { sc, out: replay(pollBatches(sc.sightings, 30_000, lastTime(sc.sightings) + 13 * HOUR)) };
      },
    },
    {
      name: 'noisy feed (jitter, duplicates, stale, out of order, spoofs), one call',
      run: () => {
        const sc = buildSeedScenario({
          noise: { jitterM: 60, duplicateProb: 0.1, outOfOrderProb: 0.05, staleProb: 0.05, spoofProb: 0.01 },
        });
        return { sc, out: replayAll(sc.sightings, 13 * HOUR) };
      },
    },
  ];

  it.each(variants)('$name: exactly 4 legs with the right airports and ends', ({ run }) => {
    const { sc, out } = run();
    expect(out.legs).toHaveLength(4);
    out.legs.forEach((leg, i) => {
      const want = expectedLegs[i]!;
      const flight = sc.flights[i]!;
      expect(leg.hex).toBe(SEED_HEX);
      expect([leg.departureAirport, leg.arrivalAirport]).toEqual([want.from, want.to]);
      expect(leg.departureInferred).toBe(false);
      expect(leg.arrivalInferred).toBe(want.arrivalInferred);
      expect(leg.status).toBe('landed');
      expect(leg.callsign).toBe('AZS8765');
      // Observed ends are stamped within one poll of the generated takeoff / touchdown.
      expect(Math.abs(leg.departedAt! - flight.marks.takeoff)).toBeLessThanOrEqual(32_000);
      if (!want.arrivalInferred) expect(Math.abs(leg.arrivedAt! - flight.marks.touchdown)).toBeLessThanOrEqual(32_000);
    });
  });

  it.each(variants)('$name: the two transponder gaps are recorded', ({ run }) => {
    const { sc, out } = run();
    expect(out.gaps).toHaveLength(2);
    const [havanaCaracas, managua] = out.gaps;
    const legs = out.legs;
    // MUHA -> SVMI: off 20 min after takeoff, on again on final approach; airborne at both ends.
    expect(havanaCaracas!.legKey).toBe(legs[2]!.key);
    expect(havanaCaracas!.startOnGround).toBe(false);
    expect(havanaCaracas!.endOnGround).toBe(false);
    const f3 = sc.flights[2]!;
    expect(Math.abs(havanaCaracas!.startedAt - (f3.marks.takeoff + 20 * 60_000))).toBeLessThanOrEqual(32_000);
    expect(Math.abs(havanaCaracas!.endedAt! - (f3.marks.touchdown - 6 * 60_000))).toBeLessThanOrEqual(32_000);
    expect(havanaCaracas!.impliedSpeedKt!).toBeGreaterThan(300);
    expect(havanaCaracas!.impliedSpeedKt!).toBeLessThan(500);
    // SVMI -> MNMG: dark about 100 km out, reappears on the ground at MNMG 3 h after touchdown.
    expect(managua!.legKey).toBe(legs[3]!.key);
    expect(managua!.endOnGround).toBe(true);
    expect(managua!.distanceKm!).toBeGreaterThan(90);
    expect(managua!.distanceKm!).toBeLessThan(110);
    const f4 = sc.flights[3]!;
    expect(Math.abs(managua!.endedAt! - (f4.marks.touchdown + 3 * HOUR))).toBeLessThanOrEqual(32_000);
    // The MNMG arrival is inferred at the reappearance (documented: arrivedAt = reappearance time).
    expect(legs[3]!.arrivedAt).toBe(managua!.endedAt);
  });

  it('emits the alert-worthy events in time order', () => {
    const sc = buildSeedScenario();
    const out = replayAll(sc.sightings, 13 * HOUR);
    const kinds = out.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'takeoff')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'landing')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'gap_opened')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'gap_closed')).toHaveLength(2);
    const times = out.events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const landings = out.events.filter((e) => e.kind === 'landing');
    expect(landings.map((e) => [e.airport, e.inferred])).toEqual([
      ['SVMI', false],
      ['MUHA', false],
      ['SVMI', false],
      ['MNMG', true],
    ]);
  });
});
