import { afterEach, describe, expect, it } from 'vitest';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import { AlertDelivery } from '../../src/alerts/alert-delivery.js';
import { createMailTransport } from '../../src/alerts/mail-transport.js';
import { createPollCycle } from '../../src/pipeline/poll-cycle.js';
import { testRenderer } from '../support/alert-test-renderer.js';
import {
  backgroundAround,
  type CoverageFlight,
  coverageFlightSteps,
  formation,
  watchedPosition,
} from '../support/coverage-world.js';
import { startFeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { addSeedAirframe } from '../support/seed-airframe.js';
import { silentLogger } from '../support/silent-logger.js';
import { startSmtpTestServer } from '../support/smtp-test-server.js';
import { createTestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { MUHA } from '../support/test-airports.js';
import { SEED_HEX } from '../support/trajectory-seed-scenario.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** An Il-76 on the list flying east 220 km from Caracas at FL300, with traffic around Havana always heard. */
function flight(overrides: Partial<CoverageFlight>): CoverageFlight {
  return {
    watchedHex: SEED_HEX,
    t0: Date.UTC(2025, 9, 29, 14, 0),
    minutes: 40,
    start: { lat: 11.6, lon: -70.0 },
    trackDeg: 95,
    speedKt: 420,
    altFt: 30_000,
    background: backgroundAround(MUHA.lat, MUHA.lon, 8),
    ...overrides,
  };
}

/**
 * Polls the flight through a real feed server with the alert hooks delivering to a real SMTP server; with
 * `restartAt`, the poller is replaced by a new one (a restarted worker) at that minute.
 */
async function pollWithAlerts(scenario: CoverageFlight, restartAt?: number) {
  const database = await createTestDatabase();
  open.push(() => database.drop());
  await addSeedAirframe(database.db);
  const feed = await startFeedServer();
  open.push(() => feed.close());
  const smtp = await startSmtpTestServer();
  open.push(() => smtp.close());
  const { client } = feedClientFor([feed], { requestsPerSecond: 1000 });
  const config = testConfig(database.url, {
    feeds: { urls: [feed.url] },
    alerts: { smtpUrl: smtp.url, to: ['osint@example.org'], throttleSeconds: 0 },
  });
  const start = () => {
    const delivery = new AlertDelivery({
      db: database.db,
      config,
      logger: silentLogger,
      transport: createMailTransport(config, silentLogger),
      render: testRenderer,
    });
    open.push(async () => delivery.close());
    const hooks = createAlertHooks({ config, logger: silentLogger, delivery });
    return createPollCycle({ db: database.db, config, logger: silentLogger, feedClient: client, hooks });
  };
  let cycle = start();
  for (const [minute, step] of coverageFlightSteps(scenario).entries()) {
    if (minute === restartAt) cycle = start();
    feed.world.set(step);
    await cycle();
  }
  const alerts = await database.db.selectFrom('alerts').selectAll().orderBy('id').execute();
  const gaps = await database.db.selectFrom('transponder_gaps').selectAll().execute();
  return { alerts, gaps, smtp };
}

const wentDark = (alerts: Array<{ rule: string }>) => alerts.filter((a) => a.rule === 'went_dark');

describe('"went dark" mails follow the gap verdict', () => {
  it('a transponder off among heard traffic: dark, exactly one mail that says why, even across a restart', async () => {
    const scenario = flight({
      companions: formation('d1', 5),
      transponder: (minute) => (minute >= 10 && minute < 30 ? 'off' : 'on'),
    });
    const { alerts, gaps, smtp } = await pollWithAlerts(scenario, 20);
    expect(gaps.map((g) => g.verdict)).toEqual(['dark']);
    expect(wentDark(alerts)).toHaveLength(1);
    expect(wentDark(alerts)[0]).toMatchObject({ airport: 'SVMI', status: 'sent', gap_id: gaps[0]!.id });
    const mails = smtp.received.filter((m) => String(m.parsed.headers.get('x-tailwatch-rules')).includes('went_dark'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.text).toMatch(
      /5 other aircraft heard within 100 km of its expected position while it was silent/,
    );
  });

  it('a reception hole that it and others cross: coverage, no mail', async () => {
    const scenario = flight({ companions: formation('d2', 5) });
    const centre = watchedPosition(scenario, 17);
    const { alerts, gaps, smtp } = await pollWithAlerts({ ...scenario, hole: { ...centre, radiusKm: 150 } });
    expect(gaps.map((g) => g.verdict)).toEqual(['coverage']);
    expect(wentDark(alerts)).toEqual([]);
    expect(smtp.received.filter((m) => /went dark/.test(m.parsed.subject ?? ''))).toEqual([]);
  });

  it('every provider returning nothing for a few polls: outage, no mail', async () => {
    const scenario = flight({ companions: formation('d3', 5), outage: (minute) => minute >= 10 && minute < 19 });
    const { alerts, gaps } = await pollWithAlerts(scenario);
    expect(gaps.map((g) => g.verdict)).toEqual(['outage']);
    expect(wentDark(alerts)).toEqual([]);
  });
});
