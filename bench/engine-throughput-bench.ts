import type { AirportIndex } from '../src/airports/airport.js';
import { DEFAULT_TRACKER_CONFIG } from '../src/tracking/tracker-config.js';
import { advanceTracker, type TrackerInput } from '../src/tracking/tracker-engine.js';
import { emptyTrackerState, type TrackerState } from '../src/tracking/tracker-state.js';
import type { BenchRow } from './bench-row.js';
import { fmt, median, repeat } from './bench-stats.js';
import { SyntheticTraffic } from './synthetic-traffic.js';

let sink = 0;

/**
 * Tracking engine throughput on one core: `cycles` polls of `aircraft` cruising aircraft (state carried
 * from poll to poll, 2% silent in each poll so gaps open and close). Baseline: a loop that only reads
 * the fields of the same sighting arrays.
 */
export async function engineThroughputBench(
  airports: AirportIndex,
  options: { aircraft: number; cycles: number; runs: number },
): Promise<BenchRow> {
  const traffic = new SyntheticTraffic(options.aircraft, Date.UTC(2025, 9, 1), 11);
  const batches: TrackerInput[] = [];
  for (let c = 0; c < options.cycles; c++) {
    batches.push({ sightings: traffic.sightings(), asOf: traffic.nowMs });
    traffic.step();
  }
  const total = batches.reduce((n, b) => n + b.sightings.length, 0);
  const engineMs = await repeat(
    options.runs,
    () => {
      let state: TrackerState = emptyTrackerState();
      for (const batch of batches) state = advanceTracker(state, batch, airports, DEFAULT_TRACKER_CONFIG).state;
      sink += state.aircraft.length;
    },
    1,
  );
  const loopMs = await repeat(
    options.runs,
    () => {
      let acc = 0;
      for (const batch of batches) {
        for (const s of batch.sightings)
          acc += s.lat + s.lon + s.observedAt + (s.altBaroFt ?? 0) + (s.groundSpeedKt ?? 0) + s.hex.length;
      }
      sink += acc;
    },
    1,
  );
  const rate = total / (median(engineMs) / 1000);
  const baseRate = total / (median(loopMs) / 1000);
  return {
    figure:
      `tracking engine throughput, one core (${fmt(options.aircraft)} aircraft × ${options.cycles} polls, ` +
      `${options.runs} runs)`,
    median: `${fmt(rate)} sightings/s`,
    baseline: `read-only loop: ${fmt(baseRate)} sightings/s`,
    ratio: `${fmt(rate / baseRate, 3)}`,
    target: '≥ 1,000,000 /s',
    met: rate >= 1_000_000,
  };
}

export function engineSink(): number {
  return sink;
}
