import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertCandidate } from '../../src/alerts/alert-candidate.js';
import { AlertDelivery } from '../../src/alerts/alert-delivery.js';
import { insertAlerts } from '../../src/store/alert-outbox-repository.js';
import { createMailTransport } from '../../src/alerts/mail-transport.js';
import type { TailwatchConfig } from '../../src/config/config-schema.js';
import { createKysely } from '../../src/db/create-kysely.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { silentLogger } from '../support/silent-logger.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { testRenderer } from '../support/alert-test-renderer.js';

const T0 = Date.UTC(2025, 9, 29, 14, 5);
const HOUR = 3_600_000;
let database: TestDatabase;
let smtp: SmtpTestServer;
let config: Readonly<TailwatchConfig>;
let now: number;
let seq = 0;

function delivery(overrides: Partial<ConstructorParameters<typeof AlertDelivery>[0]> = {}): AlertDelivery {
  return new AlertDelivery({
    db: database.db,
    config,
    logger: silentLogger,
    transport: createMailTransport(config, silentLogger),
    render: testRenderer,
    clock: () => now,
    random: () => 0.5,
    ...overrides,
  });
}

/** A departure from MUHA as a committed cycle would have left it: a leg and a pending alert. */
async function seedDeparture(options: { hex?: string; callsign?: string; at?: number } = {}): Promise<string> {
  seq += 1;
  const hex = options.hex ?? '1533ad';
  const at = options.at ?? T0 + seq * HOUR;
  const legKey = `${hex}:${at}`;
  await database.db
    .insertInto('legs')
    .values({
      leg_key: legKey,
      hex,
      departure_airport: 'MUHA',
      departure_lat: 22.9892,
      departure_lon: -82.4091,
      departed_at: new Date(at),
      departure_inferred: false,
      arrival_inferred: false,
      first_seen_at: new Date(at),
      last_seen_at: new Date(at + 60_000),
      status: 'airborne',
      callsign: options.callsign ?? 'AZS8765',
      matched_by: 'watchlist',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
  await database.db
    .insertInto('positions')
    .values(
      [0, 30_000, 60_000].map((dt, i) => ({
        hex,
        observed_at: new Date(at + dt),
        lat: 22.9 - i * 0.05,
        lon: -82.4 + i * 0.05,
        alt_baro_ft: 500 + i * 1000,
        on_ground: false,
        source: 'test',
        matched_by: 'watchlist' as const,
        callsign: options.callsign ?? 'AZS8765',
      })),
    )
    .execute();
  const leg = await database.db.selectFrom('legs').select('id').where('leg_key', '=', legKey).executeTakeFirstOrThrow();
  const candidate: AlertCandidate = {
    rule: 'departure',
    hex,
    legKey,
    gapKey: null,
    eventId: null,
    airport: 'MUHA',
    at,
    dedupeKey: `departure:test:${legKey}`,
    recipients: ['osint@example.org'],
    details: { cause: 'takeoff', inferred: false, lat: 22.9892, lon: -82.4091, callsign: options.callsign ?? null },
  };
  await database.db
    .transaction()
    .execute((trx) =>
      insertAlerts(trx, [candidate], { legIds: new Map([[legKey, String(leg.id)]]), gapIds: new Map(), cycleId: null }),
    );
  const row = await database.db
    .selectFrom('alerts')
    .select('id')
    .where('dedupe_key', '=', candidate.dedupeKey)
    .executeTakeFirstOrThrow();
  return String(row.id);
}

async function alert(id: string) {
  return database.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const mailsFor = (id: string) =>
  smtp.received.filter((m) => String(m.parsed.headers.get('x-tailwatch-alert-ids')).split(',').includes(id));

beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
beforeEach(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('airframes')
    .values({
      hex: '1533ad',
      registration: 'RA-78765',
      type_code: 'IL76',
      operator: 'Aviacon Zitotrans',
      reason: 'OFAC SDN',
      source: 'ofac-sdn',
    })
    .execute();
  config = testConfig(database.url, {
    alerts: { smtpUrl: smtp.url, to: ['osint@example.org'], smtpTimeoutSeconds: 2 },
  });
  now = Date.now();
  smtp.answer({ kind: 'accept' });
  smtp.received.length = 0;
});
afterEach(async () => {
  await database.drop();
});
afterAll(async () => {
  await smtp.close();
});

describe('alert delivery through a real SMTP server', () => {
  it('SMTP down, then 4xx, then up: retried with backoff and delivered exactly once', async () => {
    const ids = [await seedDeparture(), await seedDeparture({ hex: '1533ae' })];
    const d = delivery();
    await smtp.stop();
    expect(await d.deliverDue()).toMatchObject({ sent: 0, retrying: 2 });
    const down = await alert(ids[0]!);
    expect(down).toMatchObject({ status: 'pending', attempts: 1 });
    expect(down.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(down.next_attempt_at!.getTime()).toBe(now + 30_000); // initialSeconds, no jitter at random 0.5

    expect(await d.deliverDue()).toMatchObject({ emails: 0 }); // not due yet: no attempt
    await smtp.start();
    smtp.answer({ kind: 'reject', code: 451, message: '4.3.0 Mailbox busy, try again later' });
    now += 31_000;
    expect(await d.deliverDue()).toMatchObject({ retrying: 2 });
    expect(await alert(ids[0]!)).toMatchObject({ status: 'pending', attempts: 2 });
    expect((await alert(ids[0]!)).last_error).toContain('451');

    smtp.answer({ kind: 'accept' });
    now += HOUR;
    expect(await d.deliverDue()).toMatchObject({ sent: 2 });
    now += HOUR;
    expect(await d.deliverDue()).toMatchObject({ emails: 0 });
    for (const id of ids) {
      expect(mailsFor(id)).toHaveLength(1);
      expect(await alert(id)).toMatchObject({ status: 'sent', attempts: 3 });
    }
    d.close();
  });

  it(
    "a 5xx answer marks the alert failed with the server's answer, never retried, " +
      'visible in `alerts list`, sent by `alerts retry`',
    async () => {
      const id = await seedDeparture();
      smtp.answer({ kind: 'reject', code: 550, message: '5.1.1 Recipient address rejected' });
      const d = delivery();
      expect(await d.deliverDue()).toMatchObject({ failed: 1 });
      now += 30 * 24 * HOUR;
      expect(await d.deliverDue()).toMatchObject({ emails: 0 });
      const failed = await alert(id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
      expect(failed.last_error).toContain('550 5.1.1 Recipient address rejected');
      d.close();

      const configFile = writeTestConfig(database.url, { alerts: { smtpUrl: smtp.url, to: ['osint@example.org'] } });
      const list = await runCli(['alerts', 'list', '--status', 'failed', '--json'], { configFile });
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({
          id,
          status: 'failed',
          rule: 'departure',
          last_error: expect.stringContaining('550'),
        }),
      ]);
      const table = await runCli(['alerts', 'list'], { configFile });
      expect(table.stdout).toMatch(new RegExp(`^${id}\\s+departure\\s+1533ad\\s+MUHA`, 'm'));

      smtp.answer({ kind: 'accept' });
      const retry = await runCli(['alerts', 'retry', '--failed'], { configFile });
      expect(retry).toMatchObject({ code: 0 });
      expect(retry.stdout).toContain('requeued 1; emails sent 1');
      expect(mailsFor(id)).toHaveLength(1);
      expect(await alert(id)).toMatchObject({ status: 'sent' });
      expect(await runCli(['alerts', 'retry', '999999'], { configFile })).toMatchObject({ code: 1 });
      expect(await runCli(['alerts', 'retry'], { configFile })).toMatchObject({ code: 2 });
    },
  );

  it('a restart between commit and send: the committed alert is delivered by the next process', async () => {
    const id = await seedDeparture(); // committed by a cycle whose process died before its after-commit step
    const restarted = delivery();
    expect(await restarted.deliverDue()).toMatchObject({ sent: 1 });
    expect(mailsFor(id)).toHaveLength(1);
    restarted.close();
  });

  it(
    'a crash after the server accepted and before the row was marked: ' + 'the resend carries the same Message-ID',
    async () => {
      const id = await seedDeparture();
      const crashing = delivery({ afterAccepted: async () => Promise.reject(new Error('killed')) });
      await crashing.deliverDue();
      crashing.close();
      expect(await alert(id)).toMatchObject({ status: 'pending' });
      const messageId = (await alert(id)).message_id;
      expect(messageId).toMatch(/^<tailwatch-alert-/);
      const restarted = delivery();
      expect(await restarted.deliverDue()).toMatchObject({ sent: 1 });
      restarted.close();
      const mails = mailsFor(id);
      expect(mails).toHaveLength(2);
      expect(mails.map((m) => m.parsed.messageId)).toEqual([messageId, messageId]);
    },
  );

  it('two processes delivering at once never send the same alert twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) ids.push(await seedDeparture({ hex: `1533${(0xa0 + i).toString(16)}` }));
    const other = createKysely({ url: database.url, poolSize: 4 });
    try {
      const a = delivery();
      const b = new AlertDelivery({
        db: other,
        config,
        logger: silentLogger,
        transport: createMailTransport(config, silentLogger),
        render: testRenderer,
        clock: () => now,
      });
      const [ra, rb] = await Promise.all([a.deliverDue(), b.deliverDue()]);
      expect(ra.sent + rb.sent).toBe(8);
      for (const id of ids) expect(mailsFor(id)).toHaveLength(1);
      a.close();
      b.close();
    } finally {
      await other.destroy();
    }
  });

  it("folds a burst of one airframe's alerts into one email", async () => {
    const first = await seedDeparture({ at: T0 });
    const second = await seedDeparture({ at: T0 + 20_000 });
    const d = delivery();
    expect(await d.deliverDue()).toMatchObject({ emails: 1, sent: 1 });
    d.close();
    expect(mailsFor(first)).toHaveLength(1);
    expect(mailsFor(first)[0]).toBe(mailsFor(second)[0]);
  });

  it('hostile callsigns and registrations cannot add headers or markup', async () => {
    const hostile = 'AZS\r\nBcc: victim@example.org\r\n<script>alert(1)</script>"\'';
    await database.db
      .updateTable('airframes')
      .set({ registration: 'RA-1\r\nBcc: victim2@example.org <img src=x onerror=alert(1)>' })
      .where('hex', '=', '1533ad')
      .execute();
    const id = await seedDeparture({ callsign: hostile });
    const d = delivery();
    expect(await d.deliverDue()).toMatchObject({ sent: 1 });
    d.close();
    const [mail] = mailsFor(id);
    expect(mail!.rcptTo).toEqual(['osint@example.org']);
    expect(mail!.parsed.headers.has('bcc')).toBe(false);
    expect(mail!.raw).not.toMatch(/^Bcc:/im);
    expect(mail!.parsed.subject).not.toMatch(/[\r\n]/);
    const html = String(mail!.parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
  });

  it('without SMTP_URL, writes each email as an .eml file in mailDir (and `alerts test` does too)', async () => {
    const mailDir = mkdtempSync(join(tmpdir(), 'tailwatch-eml-'));
    config = testConfig(database.url, { alerts: { mailDir } });
    const id = await seedDeparture();
    const d = delivery();
    expect(await d.deliverDue()).toMatchObject({ sent: 1 });
    d.close();
    const files = readdirSync(mailDir);
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(readFileSync(join(mailDir, files[0]!)));
    expect(parsed.messageId).toBe((await alert(id)).message_id);
    expect(parsed.subject).toContain('RA-78765');

    const configFile = writeTestConfig(database.url, { alerts: { mailDir } });
    const sample = await runCli(['alerts', 'test'], { configFile });
    expect(sample.code).toBe(0);
    expect(readdirSync(mailDir)).toHaveLength(2);
  });
});
