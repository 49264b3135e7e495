import type { AirportIndex } from '../../src/airports/airport.js';
import type { Sighting } from '../../src/tracking/sighting.js';
import type { TrackerInput, TrackerResult } from '../../src/tracking/tracker-engine.js';
import type { TrackerState } from '../../src/tracking/tracker-state.js';
import { generateFlights, type FlightPlan } from './trajectory-generator.js';
import { seededRandom } from './trajectory-random.js';
import { GQNO, MNMG, MROC, MUHA, MUVR, SVMI, TNCC } from './test-airports.js';

/**
 * Traffic for checking the engine against recorded results: a day of 24 flights by 12 airframes (hexes
 * that are array indices as keys and hexes that are not), with gaps, dark landings, truncated tracks,
 * go-arounds, feed noise, late deliveries and shuffled batches, polled every 30 s with a jittered asOf,
 * plus a few long silences that make many aircraft expire in the same call.
 */

const PLACES = [GQNO, MNMG, MROC, MUHA, MUVR, SVMI, TNCC];
const HEXES = [
  '100000',
  '123456',
  '0abc12',
  'abcdef',
  '152c07',
  '1533ad',
  '000001',
  '999999',
  '4b1805',
  '3c6444',
  '~a1b2c',
  '700000',
];
const MIN = 60_000;
const HOUR = 60 * MIN;

export function mixedTrafficBatches(seed: number): TrackerInput[] {
  const rnd = seededRandom(seed * 97);
  const t0 = Date.UTC(2025, 10, 5);
  const plans: FlightPlan[] = [];
  for (let f = 0; f < 24; f++) {
    const from = PLACES[Math.floor(rnd.next() * PLACES.length)]!;
    let to = PLACES[Math.floor(rnd.next() * PLACES.length)]!;
    if (to === from) to = PLACES[(PLACES.indexOf(from) + 1) % PLACES.length]!;
    const plan: FlightPlan = {
      hex: HEXES[f % HEXES.length]!,
      callsign: `TW${f}`,
      from,
      to,
      departAt: t0 + Math.floor(f / HEXES.length) * 14 * HOUR + Math.floor(rnd.next() * 2 * HOUR),
      seed: seed * 100 + f,
      noise: { jitterM: 40, duplicateProb: 0.05, spoofProb: 0.01, outOfOrderProb: 0.02, staleProb: 0.02 },
    };
    const r = rnd.next();
    if (r < 0.25)
      plan.transponderOff = [
        { from: { at: 'top_of_climb', offsetMs: 10 * MIN }, to: { at: 'top_of_climb', offsetMs: 22 * MIN } },
      ];
    else if (r < 0.45)
      plan.transponderOff = [{ from: { kmBeforeArrival: 100 }, to: { at: 'touchdown', offsetMs: 3 * HOUR } }];
    else if (r < 0.55)
      plan.transponderOff = [
        { from: { at: 'touchdown', offsetMs: -3 * MIN }, to: { at: 'touchdown', offsetMs: 40 * MIN } },
      ];
    else if (r < 0.65) plan.truncateAt = { at: 'top_of_climb', offsetMs: 15 * MIN };
    else if (r < 0.72) plan.startAt = { at: 'top_of_climb' };
    else if (r < 0.8) plan.lowApproaches = [MUVR];
    if (rnd.next() < 0.3) plan.profile = { parkMs: 2 * HOUR };
    plans.push(plan);
  }
  const sorted = generateFlights(plans).sightings.sort((a, b) => a.observedAt - b.observedAt);
  const end = sorted[sorted.length - 1]!.observedAt + 13 * HOUR;
  const batches: TrackerInput[] = [];
  const late: Sighting[] = [];
  let i = 0;
  for (let asOf = sorted[0]!.observedAt + 30_000; ; asOf += 30_000) {
    const batch: Sighting[] = late.splice(0);
    while (i < sorted.length && sorted[i]!.observedAt <= asOf) {
      const s = sorted[i++]!;
      if (rnd.chance(0.03)) late.push(s);
      else batch.push(s);
    }
    for (let k = batch.length - 1; k > 0; k--) {
      if (!rnd.chance(0.3)) continue;
      const j = Math.floor(rnd.next() * (k + 1));
      [batch[k], batch[j]] = [batch[j]!, batch[k]!];
    }
    // Now and then the feed is silent for 20 minutes: every airborne aircraft expires in one sweep.
    const silence = rnd.chance(0.01) ? 20 * MIN : 0;
    batches.push({ sightings: batch, asOf: asOf + silence + Math.floor(rnd.next() * 20_000) - 10_000 });
    if (asOf >= end) break;
  }
  return batches;
}

type Advance = (state: TrackerState, input: TrackerInput, airports: AirportIndex) => TrackerResult;

/**
 * Runs the batches from `empty`, handing each call's result to `onCall` as it comes; every 7th state
 * goes through JSON. Returns the final state.
 */
export function runMixedTraffic(
  advance: Advance,
  batches: readonly TrackerInput[],
  airports: AirportIndex,
  empty: TrackerState,
  onCall: (result: TrackerResult, n: number) => void,
): TrackerState {
  let state = empty;
  batches.forEach((batch, n) => {
    const r = advance(state, batch, airports);
    onCall(r, n);
    state = n % 7 === 3 ? (JSON.parse(JSON.stringify(r.state)) as TrackerState) : r.state;
  });
  return state;
}

/** One call's outputs as one line of JSON: events, legs, gaps, accepted, dropped. */
export function callJson(r: TrackerResult): string {
  return JSON.stringify([r.events, r.legs, r.gaps, r.accepted, r.dropped]);
}

/** The final tracks as one line of JSON, by hex. */
export function tracksJson(state: TrackerState): string {
  return JSON.stringify([...state.aircraft].sort((a, b) => (a.hex < b.hex ? -1 : 1)));
}

/** Every output of every call and the final tracks, exactly, as one string (a line per call). */
export function transcript(
  advance: Advance,
  batches: readonly TrackerInput[],
  airports: AirportIndex,
  empty: TrackerState,
): string {
  const parts: string[] = [];
  const state = runMixedTraffic(advance, batches, airports, empty, (r) => parts.push(callJson(r)));
  parts.push(tracksJson(state));
  return parts.join('\n');
}
