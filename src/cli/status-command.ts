import { Command } from 'commander';
import { openDatabase } from '../db/open-database.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { type HealthSnapshot, readHealthSnapshot } from '../health/health-snapshot.js';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  type HealthThresholds,
  type HealthVerdict,
  judgeHealth,
} from '../health/health-verdict.js';
import { createCliContext, type GlobalOptions } from './cli-context.js';

interface StatusOptions {
  json?: boolean;
  maxCycleAge: string;
  maxErrorRate: string;
  maxAlertAge: string;
  cycles: string;
}

function number(flag: string, text: string, check: (n: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new TailwatchError('USAGE', `${flag} "${text}" must be ${expected}.`);
  return value;
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function renderText(s: HealthSnapshot, v: HealthVerdict): string {
  const lines = [`tailwatch status: ${v.healthy ? 'healthy' : 'UNHEALTHY'} (checked ${s.checkedAt})`];
  const ok = s.lastSuccessfulCycle;
  const lastOk = ok ? `#${ok.id} ${ok.status}, finished ${ok.finishedAt} (${age(ok.ageSeconds)} ago)` : 'none yet';
  lines.push(`  last successful cycle: ${lastOk}`);
  if (s.lastCycle && s.lastCycle.id !== ok?.id)
    lines.push(`  last cycle:            #${s.lastCycle.id} ${s.lastCycle.status}, finished ${s.lastCycle.finishedAt}`);
  const rate =
    v.feedErrorRate === null
      ? 'no requests yet'
      : `${(v.feedErrorRate * 100).toFixed(1)} % ` +
        `(${s.recentCycles.failedRequests}/${s.recentCycles.requests} requests)`;
  lines.push(
    `  feed errors:           ${rate} over the last ${s.recentCycles.count} cycles, ${s.recentCycles.failed} failed`,
  );
  const oldest = s.outbox.oldestPending;
  const oldestText = oldest
    ? `; oldest pending #${oldest.id} since ${oldest.createdAt} (${age(oldest.ageSeconds)})`
    : '';
  lines.push(
    `  alert outbox:          ${s.outbox.pending} pending (${s.outbox.due} due), ` +
      `${s.outbox.failed} failed${oldestText}`,
  );
  const leader = s.leader
    ? `${s.leader.applicationName} (server pid ${s.leader.backendPid}, since ${s.leader.since})`
    : 'none';
  lines.push(`  leader:                ${leader}`);
  for (const problem of v.problems) lines.push(`  problem: ${problem}`);
  for (const warning of v.warnings) lines.push(`  warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function statusCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  return new Command('status')
    .description(
      'health: last successful cycle, feed error rate, alert outbox, leader; ' +
        'exits 1 when unhealthy (for a HEALTHCHECK)',
    )
    .option('--json', 'print JSON')
    .option(
      '--max-cycle-age <seconds>',
      'unhealthy when the last successful cycle is older',
      String(DEFAULT_HEALTH_THRESHOLDS.maxCycleAgeSeconds),
    )
    .option(
      '--max-error-rate <fraction>',
      'unhealthy when more of the recent feed requests failed (0..1)',
      String(DEFAULT_HEALTH_THRESHOLDS.maxFeedErrorRate),
    )
    .option(
      '--max-alert-age <seconds>',
      'unhealthy when an alert has been pending longer',
      String(DEFAULT_HEALTH_THRESHOLDS.maxPendingAlertAgeSeconds),
    )
    .option('--cycles <n>', 'how many recent cycles the error rate covers', '20')
    .action(async (options: StatusOptions) => {
      const thresholds: HealthThresholds = {
        maxCycleAgeSeconds: number('--max-cycle-age', options.maxCycleAge, (n) => n > 0, 'a number of seconds above 0'),
        maxFeedErrorRate: number(
          '--max-error-rate',
          options.maxErrorRate,
          (n) => n >= 0 && n <= 1,
          'a fraction from 0 to 1',
        ),
        maxPendingAlertAgeSeconds: number(
          '--max-alert-age',
          options.maxAlertAge,
          (n) => n > 0,
          'a number of seconds above 0',
        ),
      };
      const cycles = number(
        '--cycles',
        options.cycles,
        (n) => Number.isInteger(n) && n >= 1 && n <= 10_000,
        'a whole number from 1 to 10000',
      );
      const context = createCliContext(globals(), 'command');
      // No migration here: a health check must not change the database.
      const database = await openDatabase(context.config, context.logger, 'tailwatch-status');
      try {
        let snapshot: HealthSnapshot;
        try {
          snapshot = await readHealthSnapshot(database.db, { recentCycles: cycles });
        } catch (error) {
          if ((error as { code?: string }).code !== '42P01') throw error;
          throw new TailwatchError(
            'DB_UNAVAILABLE',
            `The database at ${database.safeUrl} has no tailwatch tables yet: ` +
              'start the worker (`tailwatch run`) or run `tailwatch migrate`.',
          );
        }
        const verdict = judgeHealth(snapshot, thresholds);
        out(
          options.json
            ? `${JSON.stringify({ ...verdict, thresholds, ...snapshot }, null, 2)}\n`
            : renderText(snapshot, verdict),
        );
        if (!verdict.healthy) setExitCode(1);
      } finally {
        await database.close();
      }
    });
}
