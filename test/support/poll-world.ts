import type { Sighting } from '../../src/tracking/sighting.js';
import { type FeedWorld, type WorldStep, worldStepsFromSightings } from './feed-world.js';

/**
 * The world steps a poller at `pollMs` would see, keeping every step in which something is listed
 * and, in empty stretches (parked, dark), one step every `idleEveryMs`: enough for the engine to see
 * time pass (gaps, inferred arrivals, lost legs) without thousands of empty polls in a test.
 */
export function pollSteps(sightings: readonly Sighting[], pollMs: number, idleEveryMs = 10 * 60_000): WorldStep[] {
  const steps = worldStepsFromSightings(sightings, pollMs);
  const kept: WorldStep[] = [];
  let lastIdle = Number.NEGATIVE_INFINITY;
  for (const step of steps) {
    if (step.aircraft.length > 0) {
      kept.push(step);
      lastIdle = step.nowMs;
    } else if (step.nowMs - lastIdle >= idleEveryMs) {
      kept.push(step);
      lastIdle = step.nowMs;
    }
  }
  return kept;
}

/** Moves the fake feeds' world through the steps, running one poll cycle at each. */
export async function pollThrough(
  world: FeedWorld,
  steps: readonly WorldStep[],
  cycle: () => Promise<unknown>,
): Promise<void> {
  for (const step of steps) {
    world.set(step);
    await cycle();
  }
}
