import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../src/health/health-snapshot.js';
import type { HealthThresholds, HealthVerdict } from '../../src/health/health-verdict.js';
import { LeaderElection } from '../../src/worker/leader-election.js';
import { runCli } from '../support/run-cli.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

type StatusReport = HealthSnapshot & HealthVerdict & { thresholds: HealthThresholds };

let database: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url };
});
afterAll(async () => {
  await database?.drop();
});

async function cycleEndedAgo(
  seconds: number,
  r: { status?: 'ok' | 'partial' | 'failed'; requests?: number; failed?: number } = {},
): Promise<void> {
  await sql`
    INSERT INTO poll_cycles (mode, status, started_at, finished_at, duration_ms, requests, failed_requests)
    VALUES ('poll', ${r.status ?? 'ok'}, now() - make_interval(secs => ${seconds + 1}),
       now() - make_interval(secs => ${seconds}), 1000, ${r.requests ?? 4}, ${r.failed ?? 0})`.execute(database.db);
}

async function status(...args: string[]) {
  const result = await runCli(['status', '--json', ...args], { env });
  return { code: result.code, report: JSON.parse(result.stdout || '{}') as StatusReport, stderr: result.stderr };
}

describe('tailwatch status', () => {
  it('is unhealthy (exit 1) before any successful cycle, and says what to check', async () => {
    const { code, report } = await status();
    expect(code).toBe(1);
    expect(report.healthy).toBe(false);
    expect(report.lastSuccessfulCycle).toBeNull();
    expect(report.problems.join('\n')).toContain('no successful poll cycle yet');
  });

  it('reports the last successful cycle and its age; healthy while it is fresh; a replay does not count', async () => {
    await cycleEndedAgo(400);
    await sql`INSERT INTO poll_cycles (mode, status, started_at, finished_at, duration_ms)
       VALUES ('replay', 'ok', now(), now(), 1)`.execute(database.db);
    const stale = await status();
    expect(stale.code).toBe(1);
    expect(stale.report.lastSuccessfulCycle?.ageSeconds).toBeGreaterThanOrEqual(400);
    expect(stale.report.problems.join('\n')).toMatch(/last successful poll cycle finished \d+ s ago \(limit 300 s\)/);
    expect((await status('--max-cycle-age', '900')).code).toBe(0);

    await cycleEndedAgo(5);
    await cycleEndedAgo(2, { status: 'failed', requests: 4, failed: 4 });
    const fresh = await status();
    expect(fresh.code).toBe(0);
    expect(fresh.report).toMatchObject({
      healthy: true,
      lastCycle: { status: 'failed' },
      lastSuccessfulCycle: { status: 'ok' },
      recentCycles: { count: 3, failed: 1, requests: 12, failedRequests: 4 },
    });
    expect(fresh.report.feedErrorRate).toBeCloseTo(4 / 12);
    expect(fresh.report.warnings.join('\n')).toContain('the last poll cycle');
  });

  it(
    'is unhealthy when too many recent feed requests failed (over --cycles), ' + 'with the rate in the report',
    async () => {
      for (let i = 0; i < 3; i += 1) await cycleEndedAgo(1, { status: 'partial', requests: 10, failed: 9 });
      const { code, report } = await status('--cycles', '3');
      expect(code).toBe(1);
      expect(report.feedErrorRate).toBeCloseTo(0.9);
      expect(report.problems.join('\n')).toContain('27 of 30 feed requests failed over the last 3 cycles');
      expect((await status('--cycles', '3', '--max-error-rate', '0.95')).code).toBe(0);
    },
  );

  it('reports the outbox backlog and the oldest pending alert; unhealthy when it waits too long', async () => {
    await sql`
      INSERT INTO alerts (rule, hex, event_at, dedupe_key, created_at, last_error, status)
      VALUES ('departure', '1533ad', now(), 'test:old', now() - interval '2 hours',
         'connect ECONNREFUSED 127.0.0.1:25', 'pending'),
             ('arrival', '1533ad', now(), 'test:new', now(), NULL, 'pending'),
             ('arrival', '1533ad', now(), 'test:failed', now(), '550 no such user', 'failed')`.execute(database.db);
    await cycleEndedAgo(1);
    const { code, report } = await status();
    expect(code).toBe(1);
    expect(report.outbox).toMatchObject({
      pending: 2,
      due: 2,
      failed: 1,
      oldestPending: { lastError: 'connect ECONNREFUSED 127.0.0.1:25' },
    });
    expect(report.outbox.oldestPending?.ageSeconds).toBeGreaterThanOrEqual(7200);
    expect(report.problems.join('\n')).toContain('has been pending for');
    expect(report.warnings.join('\n')).toContain('1 alert(s) failed for good');
    expect((await status('--max-alert-age', '86400', '--max-error-rate', '1')).code).toBe(0);
    await database.db.deleteFrom('alerts').execute();
  });

  it('names the worker holding the leadership, if any', async () => {
    expect((await status()).report.leader).toBeNull();
    const leadership = new LeaderElection({
      url: database.url,
      logger: silentLogger,
      applicationName: 'tailwatch-leader test-host:4242',
    });
    try {
      await leadership.check();
      const { report } = await status();
      expect(report.leader).toMatchObject({
        applicationName: 'tailwatch-leader test-host:4242',
        backendPid: leadership.leaderBackendPid,
      });
    } finally {
      await leadership.release();
    }
  });

  it('prints a readable summary without --json', async () => {
    const result = await runCli(['status'], { env });
    expect(result.stdout).toMatch(/^tailwatch status: (healthy|UNHEALTHY)/);
    for (const label of ['last successful cycle:', 'feed errors:', 'alert outbox:', 'leader:'])
      expect(result.stdout).toContain(label);
  });

  it.each([
    ['--max-cycle-age', 'soon'],
    ['--max-error-rate', '1.5'],
    ['--cycles', '0'],
  ])('refuses %s %s with exit code 2', async (flag, value) => {
    const result = await runCli(['status', flag, value], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
  });

  it('does not migrate: on an empty database it says to start the worker or migrate', async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      const result = await runCli(['status'], { env: { DATABASE_URL: empty.url } });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('no tailwatch tables yet');
    } finally {
      await empty.drop();
    }
  });
});
