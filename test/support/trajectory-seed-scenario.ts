import type { Sighting } from '../../src/tracking/sighting.js';
import { generateFlights, type FlightNoise, type GeneratedFlight } from './trajectory-generator.js';
import { GQNO, MNMG, MUHA, SVMI } from './test-airports.js';

/** RA-78765, the Aviacon Zitotrans Il-76TD (sanctioned operator) that started the project. */
export const SEED_HEX = '1533ad';
export const SEED_REGISTRATION = 'RA-78765';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface SeedScenario {
  flights: GeneratedFlight[];
  /** All four flights' sightings, in delivery order. */
  sightings: Sighting[];
}

/**
 * The seed scenario, as analysts reconstructed it by hand (Oct 2025):
 * 1. GQNO -> SVMI on 26 Oct;
 * 2. SVMI -> MUHA on 28 Oct;
 * 3. MUHA -> SVMI on 29 Oct, transponder off from 20 min after takeoff until final approach (6 min out);
 * 4. SVMI -> MNMG on 29 Oct, dark from about 100 km out of MNMG, reappearing on the ground at MNMG
 *    3 hours after touchdown (parked there for 4 hours).
 */
export function buildSeedScenario(options: { noise?: FlightNoise; seed?: number } = {}): SeedScenario {
  const common = {
    hex: SEED_HEX,
    callsign: 'AZS8765',
    registration: SEED_REGISTRATION,
    typeCode: 'IL76',
    ...(options.noise ? { noise: options.noise } : {}),
  };
  const seed = options.seed ?? 78765;
  const { flights, sightings } = generateFlights([
    { ...common, seed, from: GQNO, to: SVMI, departAt: Date.UTC(2025, 9, 26, 8, 0) },
    { ...common, seed: seed + 1, from: SVMI, to: MUHA, departAt: Date.UTC(2025, 9, 28, 15, 0) },
    {
      ...common,
      seed: seed + 2,
      from: MUHA,
      to: SVMI,
      departAt: Date.UTC(2025, 9, 29, 1, 0),
      transponderOff: [{ from: { at: 'takeoff', offsetMs: 20 * MIN }, to: { at: 'touchdown', offsetMs: -6 * MIN } }],
    },
    {
      ...common,
      seed: seed + 3,
      from: SVMI,
      to: MNMG,
      departAt: Date.UTC(2025, 9, 29, 12, 0),
      profile: { parkMs: 4 * HOUR },
      transponderOff: [{ from: { kmBeforeArrival: 100 }, to: { at: 'touchdown', offsetMs: 3 * HOUR } }],
    },
  ]);
  return { flights, sightings };
}
