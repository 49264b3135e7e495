import { describe, expect, it } from 'vitest';
import { FAULT_HEX, faultSettings, StepDriver } from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import {
  backgroundAround,
  caribbeanTraffic,
  type CoverageFlight,
  coverageFlightSteps,
  formation,
  watchedPosition,
} from '../support/coverage-world.js';
import { testConfig } from '../support/test-config.js';
import { MUHA } from '../support/test-airports.js';
import { startTestWorker } from '../support/test-worker.js';

const rig = useFaultRig();

/**
 * The "done when", as a new user would try it: `tailwatch run` (the worker, in process) polling a
 * local feed server every second with about 80 aircraft in the sky. The listed Il-76 flies east 220 km
 * from Caracas, switches its transponder off among heard traffic (minutes 8-20), then crosses a reception
 * hole (around minute 42) that swallows everyone in it.
 */
function scenario(): CoverageFlight {
  const base: CoverageFlight = {
    watchedHex: FAULT_HEX,
    t0: Date.UTC(2025, 9, 31, 14, 0),
    minutes: 60,
    start: { lat: 11.6, lon: -70.0 },
    trackDeg: 95,
    speedKt: 420,
    altFt: 30_000,
    companions: formation('f1', 5),
    background: [...backgroundAround(MUHA.lat, MUHA.lon, 15), ...caribbeanTraffic(60, 7)],
    transponder: (minute) => (minute >= 8 && minute < 20 ? 'off' : 'on'),
  };
  const centre = watchedPosition(base, 42);
  return { ...base, hole: { lat: centre.lat, lon: centre.lon, radiusKm: 130 } };
}

describe('gap verdicts under a running worker', () => {
  it('a dark stretch among traffic mails once; a reception hole mails nothing; one leg', async () => {
    const settings = faultSettings([rig.feed.url], { smtpUrl: rig.smtp.url });
    const config = testConfig(rig.database.url, {
      ...settings,
      watch: { airports: ['SVMI', 'MUHA'] },
      poll: { schedule: '* * * * * *' },
    });
    const steps = coverageFlightSteps(scenario());
    expect(Math.max(...steps.map((s) => s.aircraft.length))).toBeGreaterThanOrEqual(80);
    const driver = new StepDriver(rig.feed.world, steps, rig.database.db);
    driver.start();
    const worker = await startTestWorker(config);
    try {
      await driver.done;
      const gaps = await rig.database.db
        .selectFrom('transponder_gaps')
        .select(['verdict', 'ended_at', 'others_heard', 'covered_cycles', 'evidence_cycles'])
        .where('hex', '=', FAULT_HEX)
        .orderBy('started_at')
        .execute();
      expect(gaps.map((g) => g.verdict)).toEqual(['dark', 'coverage']);
      expect(gaps.every((g) => g.ended_at !== null)).toBe(true);
      const legs = await rig.database.db.selectFrom('legs').select('id').where('hex', '=', FAULT_HEX).execute();
      expect(legs).toHaveLength(1);
      await expect
        .poll(async () => rig.database.db.selectFrom('alerts').select(['rule', 'status']).execute(), {
          timeout: 20_000,
          interval: 50,
        })
        .toEqual([{ rule: 'went_dark', status: 'sent' }]);
      const mails = rig.smtp.received.filter((m) => String(m.parsed.headers.get('x-tailwatch-rules')) === 'went_dark');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.parsed.text).toMatch(/other aircraft heard within 100 km of its expected position/);
    } finally {
      driver.stop();
      await worker.stop();
    }
  }, 240_000);
});
