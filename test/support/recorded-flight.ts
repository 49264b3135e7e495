import { aircraftRow, envelope } from './feed-world.js';
import { pollSteps } from './poll-world.js';
import { MUHA, SVMI } from './test-airports.js';
import { generateFlights, type FlightPlan } from './trajectory-generator.js';

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
  return recordingLines(sightings);
}

/** Generated flights as a recording of bare ADSBx-v2 responses: one JSON line per `pollMs` poll. */
export function recordedLinesOf(plans: readonly FlightPlan[], pollMs = 60_000): string[] {
  return recordingLines(generateFlights(plans).sightings, pollMs);
}

function recordingLines(sightings: ReturnType<typeof generateFlights>['sightings'], pollMs = 60_000): string[] {
  return pollSteps(sightings, pollMs).map((step) =>
    JSON.stringify(envelope(step.nowMs, step.aircraft.map(aircraftRow))),
  );
}
