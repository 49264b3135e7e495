import { describe, expect, it } from 'vitest';
import { spawnWorker, workerConfigFile } from '../../support/fault-scenario.js';
import { useFaultRig } from '../../support/fault-rig.js';

const rig = useFaultRig();
const SMTP_PASSWORD = 'smtp-Pa55word-7f3k';
const DB_FALLBACK_PASSWORD = 'db-Pa55word-9q2z';

describe('secrets never reach the logs (a real worker, its stdout and stderr as the log sink)', () => {
  it('keeps the SMTP_URL and DATABASE_URL passwords out of every line, at debug level, through failures', async () => {
    // The test server's URL has a password when it is the embedded one; a server trusting local logins ignores one.
    const dbUrl = new URL(rig.database.url);
    if (!dbUrl.password) dbUrl.password = DB_FALLBACK_PASSWORD;
    const dbPassword = decodeURIComponent(dbUrl.password);
    // The SMTP server offers no AUTH: the send fails, and the failure is logged with its error.
    const smtpUrl = `smtp://alerts%40example.org:${SMTP_PASSWORD}@127.0.0.1:${rig.smtp.port}`;
    await rig.database.db
      .insertInto('alerts')
      .values({
        rule: 'emergency_squawk',
        hex: '1533ad',
        event_at: new Date(Date.UTC(2025, 9, 30, 9, 0)),
        dedupe_key: 'test:secrets',
        details: JSON.stringify({
          cause: 'squawk',
          inferred: false,
          lat: 23,
          lon: -82.4,
          squawk: '7700',
          registration: 'RA-78765',
          typeCode: 'IL76',
          callsign: 'AZS8765',
        }),
      })
      .execute();
    rig.feed.inject({ fault: { kind: 'status', status: 503 }, times: 2 });
    const worker = spawnWorker(workerConfigFile('postgresql://placeholder@127.0.0.1/none', [rig.feed.url]), {
      env: { DATABASE_URL: dbUrl.toString(), SMTP_URL: smtpUrl, LOG_LEVEL: 'debug' },
    });
    await worker.waitFor(
      (l) => typeof l.msg === 'string' && /alert email (sent|not delivered yet|failed)|could not deliver/.test(l.msg),
      30_000,
    );
    await worker.waitFor((l) => l.msg === 'poll cycle done', 30_000);
    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const everything = `${worker.stdout()}\n${worker.stderr()}`;
    expect(worker.lines.length).toBeGreaterThan(5);
    for (const secret of [SMTP_PASSWORD, dbPassword, encodeURIComponent(dbPassword)])
      expect(everything).not.toContain(secret);
    expect(everything).toContain('database ready at postgresql://');
    expect(everything).toMatch(/postgresql:\/\/[^@\s]*:\*\*\*@/); // the banner shows where, with the password hidden
  }, 60_000);
});
