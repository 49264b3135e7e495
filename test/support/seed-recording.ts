import { aircraftRow, envelope } from './feed-world.js';
import { pollSteps } from './poll-world.js';
import { buildSeedScenario } from './trajectory-seed-scenario.js';

/** The seed scenario as a recording of bare ADSBx-v2 responses: one JSON line per 60 s poll. */
export function seedScenarioRecordingLines(): string[] {
  return pollSteps(buildSeedScenario().sightings, 60_000).map((step) =>
    JSON.stringify(envelope(step.nowMs, step.aircraft.map(aircraftRow))),
  );
}
