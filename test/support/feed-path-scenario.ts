import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database-schema.js';
import { formatRecordedLine } from '../../src/feeds/recorded-line.js';
import { aircraftRow, envelope, type WorldStep, worldStepsFromSightings } from './feed-world.js';
import { MUHA, MUVR, SVMI, TNCC } from './test-airports.js';
import { generateFlights } from './trajectory-generator.js';

/**
 * A small clean world for tests of the whole feed path: two listed Il-76s flying short legs between test
 * airports, polled every 60 s, one `/hex` answer a poll (as `poll --record` writes it). One of them goes
 * dark for 8 minutes at cruise, so the clean run has a transponder gap as well as legs.
 */

export const WATCHED_HEXES = ['15f0a1', '15f0a2'] as const;
export const HEX_PATH = `/hex/${WATCHED_HEXES.join(',')}`;
export const PROVIDER = 'adsb.lol';
const MIN = 60_000;
const POLL_MS = 60_000;
/** Polls with nothing listed after the last flight, so the engine's silence rules have their say. */
const TAIL_POLLS = 12;

export interface FeedPathScenario {
  /** The world at each poll, in order, 60 s apart. */
  steps: WorldStep[];
  /** One recorded `/hex` line a poll. */
  lines: string[];
}

export function buildFeedPathScenario(departAt = Date.UTC(2025, 9, 30, 6, 0)): FeedPathScenario {
  const short = { cruiseFt: 15_000, taxiOutMs: 3 * MIN, taxiInMs: 2 * MIN, parkMs: 3 * MIN };
  const { sightings } = generateFlights([
    {
      hex: WATCHED_HEXES[0],
      typeCode: 'IL76',
      callsign: 'AZS8801',
      registration: 'RA-78801',
      from: TNCC,
      to: SVMI,
      departAt,
      pollMs: POLL_MS,
      profile: short,
      transponderOff: [{ from: { at: 'takeoff', offsetMs: 6 * MIN }, to: { at: 'takeoff', offsetMs: 14 * MIN } }],
      seed: 11,
    },
    {
      hex: WATCHED_HEXES[1],
      typeCode: 'IL76',
      callsign: 'AZS8802',
      registration: 'RA-78802',
      from: MUHA,
      to: MUVR,
      departAt: departAt + 10 * MIN,
      pollMs: POLL_MS,
      profile: { ...short, cruiseFt: 8_000 },
      seed: 12,
    },
  ]);
  const steps = worldStepsFromSightings(sightings, POLL_MS);
  const last = steps[steps.length - 1]!.nowMs;
  for (let i = 1; i <= TAIL_POLLS; i++) steps.push({ nowMs: last + i * POLL_MS, aircraft: [] });
  const lines = steps.map((step) =>
    formatRecordedLine({
      provider: PROVIDER,
      path: HEX_PATH,
      purpose: 'watchlist',
      fetchedAtMs: step.nowMs + 400,
      response: envelope(step.nowMs, step.aircraft.map(aircraftRow)),
    }),
  );
  return { steps, lines };
}

/** Puts the scenario's aircraft on the watchlist. */
export async function listScenarioAircraft(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('airframes')
    .values(
      WATCHED_HEXES.map((hex, i) => ({
        hex,
        registration: `RA-7880${i + 1}`,
        type_code: 'IL76',
        operator: 'Aviacon Zitotrans',
        reason: 'test',
        source: 'test',
      })),
    )
    .execute();
}
