import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/log/redact-secrets.js';
import { workerConfigFile } from '../support/fault-scenario.js';
import { useFaultRig } from '../support/fault-rig.js';
import { spawnWorker } from '../support/worker-process.js';

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
    const worker = spawnWorker({
      configFile: workerConfigFile('postgresql://placeholder@127.0.0.1/none', [rig.feed.url]),
      env: { DATABASE_URL: dbUrl.toString(), SMTP_URL: smtpUrl, LOG_LEVEL: 'debug' },
    });
    const poll = { timeout: 30_000, interval: 50 };
    // The email was tried (and, with the SMTP password, refused or sent), and a cycle went through the feed's 503s.
    await expect
      .poll(async () => (await rig.database.db.selectFrom('alerts').select(['status', 'attempts']).execute())[0], poll)
      .toSatisfy((alert) => alert !== undefined && (alert.attempts > 0 || alert.status !== 'pending'));
    await expect
      .poll(
        async () =>
          (await sql<{ n: number }>`SELECT count(*)::int AS n FROM poll_cycles`.execute(rig.database.db)).rows[0]!.n,
        poll,
      )
      .toBeGreaterThan(0);
    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const everything = `${worker.stdout()}\n${worker.stderr()}`;
    expect(worker.lines.length).toBeGreaterThan(5);
    for (const secret of [SMTP_PASSWORD, dbPassword, encodeURIComponent(dbPassword)])
      expect(everything).not.toContain(secret);
    // The banner shows which database, with the password hidden.
    expect(worker.stdout()).toContain(redactSecrets(dbUrl.toString()));
    expect(everything).toMatch(/postgresql:\/\/\*\*\*@/);
  }, 60_000);
});
