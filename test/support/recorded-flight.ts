import { aircraftRow, envelope } from './feed-world.js';
import { pollSteps } from './poll-world.js';
import { MUHA, SVMI } from './test-airports.js';
import { generateFlights } from './trajectory-generator.js';

/** SVMI -> MUHA for one IL76, as a recording of bare ADSBx-v2 responses: one JSON line per 60 s poll. */
export function recordedFlightLines(hex: string): string[] {
  const { sightings } = generateFlights([
    {
      hex,
      callsign: 'AZS8846',
      registration: 'RA-76846',
      typeCode: 'IL76',
      from: SVMI,
      to: MUHA,
      departAt: Date.UTC(2025, 9, 30, 9, 0),
      seed: 7,
    },
  ]);
  return pollSteps(sightings, 60_000).map((step) =>
    JSON.stringify(envelope(step.nowMs, step.aircraft.map(aircraftRow))),
  );
}
