import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Sighting } from '../../src/tracking/sighting.js';
import type { TrackEvent } from '../../src/tracking/track-event.js';
import { generateFlights, type FlightPlan } from '../support/trajectory-generator.js';
import { MNMG, MUHA, MUVR, SVMI, TNCC } from '../support/test-airports.js';
import { lastTime, replay, type ReplayBatch } from '../support/trajectory-replay.js';

const T0 = Date.UTC(2025, 10, 5, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A day of two airframes with gaps, a go-around, a dark landing, a truncated track and feed noise. */
function day(seed: number): Sighting[] {
  const noise = { jitterM: 40, duplicateProb: 0.05, spoofProb: 0.01 };
  const plans: FlightPlan[] = [
    {
      hex: '1533ad',
      from: SVMI,
      to: MUHA,
      departAt: T0,
      seed,
      noise,
      lowApproaches: [MUVR],
      transponderOff: [
        { from: { at: 'top_of_climb', offsetMs: 10 * MIN }, to: { at: 'top_of_climb', offsetMs: 22 * MIN } },
      ],
    },
    {
      hex: '1533ad',
      from: MUHA,
      to: MNMG,
      departAt: T0 + 5 * HOUR,
      seed: seed + 1,
      noise,
      transponderOff: [{ from: { kmBeforeArrival: 100 }, to: { at: 'end', offsetMs: -5 * MIN } }],
      profile: { parkMs: 2 * HOUR },
    },
    {
      hex: '152c07',
      from: TNCC,
      to: SVMI,
      departAt: T0 + HOUR,
      seed: seed + 2,
      noise,
      transponderOff: [{ from: { at: 'touchdown', offsetMs: -3 * MIN }, to: { at: 'touchdown', offsetMs: 40 * MIN } }],
    },
    {
      hex: '152c07',
      from: SVMI,
      to: MUHA,
      departAt: T0 + 4 * HOUR,
      seed: seed + 3,
      noise,
      truncateAt: { at: 'top_of_climb', offsetMs: 15 * MIN },
    },
  ];
  return generateFlights(plans).sightings.sort((a, b) => a.observedAt - b.observedAt);
}

function eventId(e: TrackEvent): string {
  return JSON.stringify(e);
}

describe('chunking invariance', () => {
  it('splitting the sightings into any poll cycles gives the same legs, gaps and events as one call', () => {
    const days = new Map<number, Sighting[]>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 5_000 }), { maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 61, maxLength: 61 }),
        (seed, cutsRaw, asOfFractions) => {
          const sightings = days.get(seed) ?? day(seed);
          days.set(seed, sightings);
          const end = lastTime(sightings) + 13 * HOUR;
          const whole = replay([{ sightings, asOf: end }]);
          const cuts = [...new Set(cutsRaw.map((c) => c % sightings.length))]
            .filter((c) => c > 0)
            .sort((a, b) => a - b);
          const bounds = [0, ...cuts, sightings.length];
          const batches: ReplayBatch[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const chunk = sightings.slice(bounds[i], bounds[i + 1]);
            const chunkLast = chunk[chunk.length - 1]!.observedAt;
            const next = sightings[bounds[i + 1]!]?.observedAt ?? end;
            // asOf anywhere between the chunk's last point and the next point (a poll cycle boundary).
            batches.push({
              sightings: chunk,
              asOf: chunkLast + Math.floor((next - chunkLast) * (asOfFractions[i] ?? 0)),
            });
          }
          batches.push({ sightings: [], asOf: end });
          const split = replay(batches);
          expect(split.legs).toEqual(whole.legs);
          expect(split.gaps).toEqual(whole.gaps);
          expect(split.events.map(eventId).sort()).toEqual(whole.events.map(eventId).sort());
          expect(split.accepted.length).toBe(whole.accepted.length);
          expect(split.state).toEqual(whole.state);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the generated day exercises every rule the property is about', () => {
    const out = replay([{ sightings: day(1), asOf: lastTime(day(1)) + 13 * HOUR }]);
    const kinds = new Set(out.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['gap_closed', 'gap_opened', 'landing', 'leg_closed', 'leg_opened', 'takeoff']);
    expect(out.legs.map((l) => l.status).sort()).toEqual(['landed', 'landed', 'landed', 'lost']);
    expect(out.legs.some((l) => l.arrivalInferred)).toBe(true);
    expect(out.dropped['implausible_jump'] ?? 0).toBeGreaterThan(0);
    expect(out.dropped['duplicate'] ?? 0).toBeGreaterThan(0);
  });
});
