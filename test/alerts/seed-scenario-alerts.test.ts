import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import { AlertDelivery } from '../../src/alerts/alert-delivery.js';
import { createMailTransport } from '../../src/alerts/mail-transport.js';
import { createPollCycle } from '../../src/pipeline/poll-cycle.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { pollSteps, pollThrough } from '../support/poll-world.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { silentLogger } from '../support/silent-logger.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { buildSeedScenario, SEED_REGISTRATION } from '../support/trajectory-seed-scenario.js';
import { testRenderer } from '../support/alert-test-renderer.js';
import { addSeedAirframe } from '../support/seed-airframe.js';

const POLL_MS = 60_000;
let live: TestDatabase;
let replayed: TestDatabase;
let feed: FeedServer;
let smtp: SmtpTestServer;
const recording = join(mkdtempSync(join(tmpdir(), 'tailwatch-alert-rec-')), 'seed.jsonl');
const mailDir = mkdtempSync(join(tmpdir(), 'tailwatch-mail-'));

/** [rule, airport, inferred] of every alert, in event order. */
async function alertsOf(database: TestDatabase) {
  const rows = await database.db
    .selectFrom('alerts')
    .select(['rule', 'airport', 'details', 'status', 'message_id', 'id'])
    .orderBy('event_at')
    .orderBy('id')
    .execute();
  return rows;
}

beforeAll(async () => {
  live = await createTestDatabase();
  replayed = await createTestDatabase();
  await addSeedAirframe(live.db, { reason: 'OFAC SDN', source: 'ofac-sdn' });
  await addSeedAirframe(replayed.db, { reason: 'OFAC SDN', source: 'ofac-sdn' });
  feed = await startFeedServer();
  smtp = await startSmtpTestServer();
  const { client } = feedClientFor([feed], { requestsPerSecond: 1000 });
  const config = testConfig(live.url, {
    feeds: { urls: [feed.url] },
    alerts: { smtpUrl: smtp.url, to: ['osint@example.org'] },
  });
  const delivery = new AlertDelivery({
    db: live.db,
    config,
    logger: silentLogger,
    transport: createMailTransport(config, silentLogger),
    render: testRenderer,
  });
  const hooks = createAlertHooks({ config, logger: silentLogger, delivery });
  const cycle = createPollCycle({
    db: live.db,
    config,
    logger: silentLogger,
    feedClient: client,
    recordFile: recording,
    hooks,
  });
  await pollThrough(feed.world, pollSteps(buildSeedScenario().sightings, POLL_MS), cycle);
  delivery.close();
}, 300_000);

afterAll(async () => {
  await feed?.close();
  await smtp?.close();
  await live?.drop();
  await replayed?.drop();
});

describe('alerts for the seed scenario, polled live and delivered to a real SMTP server', () => {
  it('raises a departure and an arrival for each leg end at a watched airport, the MNMG arrival inferred', async () => {
    const alerts = await alertsOf(live);
    const ends = alerts
      .filter((a) => a.rule === 'departure' || a.rule === 'arrival')
      .map((a) => [a.rule, a.airport, a.details.inferred]);
    expect(ends).toEqual([
      ['arrival', 'SVMI', false], // GQNO -> SVMI (GQNO is not watched)
      ['departure', 'SVMI', false],
      ['arrival', 'MUHA', false],
      ['departure', 'MUHA', false],
      ['arrival', 'SVMI', false],
      ['departure', 'SVMI', false],
      ['arrival', 'MNMG', true],
    ]);
    // Both dark stretches start within 300 km of a watched airport (20 min out of MUHA, 100 km before MNMG), but
    // the seed world holds the Il-76 alone: while it is silent the feeds list nothing anywhere, which is an outage,
    // not evidence of a switched-off transponder, so no "went dark" is mailed (docs/tracking.md#gap-verdicts).
    expect(alerts.filter((a) => a.rule === 'went_dark')).toEqual([]);
    const verdicts = await live.db.selectFrom('transponder_gaps').select('verdict').orderBy('started_at').execute();
    expect(verdicts.map((g) => g.verdict)).toEqual(['outage', 'outage']);
    expect(alerts.every((a) => a.status === 'sent')).toBe(true);
  });

  it('delivers every alert in exactly one email, to the configured recipients', async () => {
    const alerts = await alertsOf(live);
    const idsInMail = smtp.received.flatMap((m) =>
      String(m.parsed.headers.get('x-tailwatch-alert-ids') ?? '').split(','),
    );
    expect([...idsInMail].sort()).toEqual(alerts.map((a) => String(a.id)).sort());
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(smtp.received.length);
    for (const mail of smtp.received) {
      expect(mail.rcptTo).toEqual(['osint@example.org']);
      expect(mail.parsed.subject).toContain('[tailwatch]');
      expect(mail.parsed.subject).toContain(SEED_REGISTRATION);
      expect(mail.parsed.text).toBeTruthy();
      expect(mail.parsed.html).toBeTruthy();
    }
  });

  it('says in the MNMG arrival email that the arrival was inferred', async () => {
    const mnmg = smtp.received.filter(
      (m) =>
        String(m.parsed.headers.get('x-tailwatch-rules')).includes('arrival') && /MNMG/.test(m.parsed.subject ?? ''),
    );
    expect(mnmg).toHaveLength(1);
    expect(mnmg[0]!.parsed.text).toMatch(/inferred/i);
    const observed = smtp.received.filter(
      (m) => String(m.parsed.headers.get('x-tailwatch-rules')) === 'arrival' && /MUHA/.test(m.parsed.subject ?? ''),
    );
    expect(observed).toHaveLength(1);
  });

  it(
    '`tailwatch replay` of the recording writes the same alerts as .eml files, ' +
      'and a second replay sends nothing new',
    async () => {
      const configFile = writeTestConfig(replayed.url, { alerts: { mailDir } });
      const first = await runCli(['replay', recording], { configFile });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(smtp.received.length);
      const liveAlerts = (await alertsOf(live)).map((a) => [a.rule, a.airport]);
      expect((await alertsOf(replayed)).map((a) => [a.rule, a.airport])).toEqual(liveAlerts);
      const parsed = await Promise.all(files.map(async (f) => simpleParser(readFileSync(join(mailDir, f)))));
      expect(parsed.map((p) => p.subject).sort()).toEqual(smtp.received.map((m) => m.parsed.subject).sort());

      const second = await runCli(['replay', recording], { configFile });
      expect(second.code).toBe(0);
      expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(files.length);
      expect(await alertsOf(replayed)).toHaveLength(liveAlerts.length);

      const list = await runCli(['alerts', 'list', '--status', 'sent', '--json'], { configFile });
      expect((JSON.parse(list.stdout) as unknown[]).length).toBe(liveAlerts.length);
    },
    // Two replays of 4 days of polls: 40-60 s on a loaded 2-core machine, so the default 60 s is too tight.
    180_000,
  );
});
