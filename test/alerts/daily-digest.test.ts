import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const HEX = '152c2e';
let database: TestDatabase;
let smtp: SmtpTestServer;
let configFile: string;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpTestServer();
  configFile = writeTestConfig(database.url, {
    alerts: { smtpUrl: smtp.url, to: ['osint@example.org'], digest: { enabled: true, to: ['desk@example.org'] } },
  });
  await runCli(
    ['airframes', 'add', HEX, '--reg', 'RA-76846', '--type', 'IL76', '--operator', 'Evil https://x.example'],
    {
      configFile,
    },
  );
  const file = join(mkdtempSync(join(tmpdir(), 'tailwatch-digest-')), 'flight.jsonl');
  writeFileSync(file, recordedFlightLines(HEX).join('\n'));
  expect((await runCli(['replay', file], { configFile })).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});

describe('the daily digest', () => {
  it('mails the day: the legs at watched airports, the gaps, the airframes seen, and a map', async () => {
    const before = smtp.received.length;
    const result = await runCli(['alerts', 'digest'], { configFile });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^digest \d{4}-\d\d-\d\d queued; digests sent 1, retrying 0, failed 0/);
    const digests = smtp.received.slice(before).filter((m) => m.parsed.headers.get('x-tailwatch-digest'));
    expect(digests).toHaveLength(1);
    const mail = digests[0]!;
    expect(mail.rcptTo).toEqual(['desk@example.org']);
    expect(mail.parsed.subject).toMatch(/^\[tailwatch\] daily digest \d{4}-\d\d-\d\d: 1 legs at watched airports, /);

    // The HTML as a browser engine reads it.
    const { document } = new JSDOM(String(mail.parsed.html)).window;
    const rows = (id: string) =>
      [...document.querySelectorAll(`#${id} tr`)]
        .slice(1)
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    const legs = rows('legs-at-watched-airports');
    expect(legs).toHaveLength(1);
    expect(legs[0]).toEqual(expect.arrayContaining(['RA-76846 IL76', 'SVMI', 'MUHA', 'landed']));
    expect(legs[0]![1]).toBe('Evil hxxps[://]x[.]example'); // feed or file text stays text
    const seen = rows('watched-airframes-seen');
    expect(seen.map((r) => r[0])).toEqual(['RA-76846 IL76']);
    expect(document.querySelectorAll('script, a[href]')).toHaveLength(0);
    // mailparser inlines the cid: image as a data: URL; the PNG is the inline attachment.
    expect(document.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const day = /digest (\d{4}-\d\d-\d\d)/.exec(mail.parsed.subject!)![1];
    const map = mail.parsed.attachments.find((a) => a.cid === `digest-map-${day}@tailwatch`);
    expect(map?.contentType).toBe('image/png');
    expect(map!.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(mail.parsed.text).toContain('LEGS AT WATCHED AIRPORTS');
  });

  it('sends one digest a day: asking again the same day sends nothing new', async () => {
    const before = smtp.received.length;
    const again = await runCli(['alerts', 'digest'], { configFile });
    expect(again.stdout).toMatch(/already queued; digests sent 0/);
    expect(smtp.received.length).toBe(before);
    const rows = await database.db.selectFrom('alert_digests').select(['status', 'attempts']).execute();
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
  });
});
