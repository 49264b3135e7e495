import type { HealthSnapshot } from './health-snapshot.js';

/** When `tailwatch status` calls the service unhealthy (flags of the command). */
export interface HealthThresholds {
  /** The last successful poll cycle may be at most this old. */
  maxCycleAgeSeconds: number;
  /** Failed feed requests / requests over the recent cycles may be at most this (0..1). */
  maxFeedErrorRate: number;
  /** The oldest pending alert may be at most this old. */
  maxPendingAlertAgeSeconds: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  maxCycleAgeSeconds: 300,
  maxFeedErrorRate: 0.5,
  maxPendingAlertAgeSeconds: 3600,
};

export interface HealthVerdict {
  healthy: boolean;
  /** Failed requests / requests over the recent cycles; null before any request. */
  feedErrorRate: number | null;
  /** Why it is unhealthy, each with what to do. */
  problems: string[];
  /** Worth a look, but not a reason to restart anything. */
  warnings: string[];
}

/** Pure: judges a health snapshot against thresholds. */
export function judgeHealth(snapshot: HealthSnapshot, thresholds: HealthThresholds): HealthVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { recentCycles, outbox } = snapshot;
  const feedErrorRate = recentCycles.requests > 0 ? recentCycles.failedRequests / recentCycles.requests : null;

  const success = snapshot.lastSuccessfulCycle;
  if (!success) {
    problems.push(
      'no successful poll cycle yet: is the worker running (`tailwatch run`)? Check its log and FEED_URLS.',
    );
  } else if (success.ageSeconds > thresholds.maxCycleAgeSeconds) {
    problems.push(
      `the last successful poll cycle finished ${success.ageSeconds} s ago ` +
        `(limit ${thresholds.maxCycleAgeSeconds} s): ` +
        `check that a worker runs and that the feeds answer (poll_cycles.errors).`,
    );
  }
  if (feedErrorRate !== null && feedErrorRate > thresholds.maxFeedErrorRate) {
    problems.push(
      `${recentCycles.failedRequests} of ${recentCycles.requests} feed requests failed ` +
        `over the last ${recentCycles.count} cycles ` +
        `(${(feedErrorRate * 100).toFixed(0)} %, ` +
        `limit ${(thresholds.maxFeedErrorRate * 100).toFixed(0)} %): ` +
        `see poll_cycles.errors; add a provider to FEED_URLS or lower the poll rate.`,
    );
  }
  if (outbox.oldestPending && outbox.oldestPending.ageSeconds > thresholds.maxPendingAlertAgeSeconds) {
    problems.push(
      `alert ${outbox.oldestPending.id} has been pending for ${outbox.oldestPending.ageSeconds} s ` +
        `(limit ${thresholds.maxPendingAlertAgeSeconds} s)` +
        `${outbox.oldestPending.lastError ? `, last error: ${outbox.oldestPending.lastError}` : ''}` +
        `: see "An alert is stuck" in docs/operations.md.`,
    );
  }
  if (outbox.failed > 0)
    warnings.push(
      `${outbox.failed} alert(s) failed for good: ` +
        `\`tailwatch alerts list --status failed\`, fix the cause, then \`tailwatch alerts retry --failed\`.`,
    );
  if (!snapshot.leader)
    warnings.push('no worker holds the poll leadership right now (none running, or one is reconnecting).');
  if (snapshot.lastCycle && snapshot.lastCycle.status === 'failed')
    warnings.push(`the last poll cycle (${snapshot.lastCycle.id}) failed: no provider answered.`);
  return { healthy: problems.length === 0, feedErrorRate, problems, warnings };
}
