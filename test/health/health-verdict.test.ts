import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../src/health/health-snapshot.js';
import { DEFAULT_HEALTH_THRESHOLDS, judgeHealth } from '../../src/health/health-verdict.js';

function snapshot(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    checkedAt: '2026-01-01T00:00:00.000Z',
    lastCycle: { id: '9', status: 'ok', finishedAt: '2026-01-01T00:00:00.000Z', ageSeconds: 10 },
    lastSuccessfulCycle: {
      id: '9',
      status: 'ok',
      finishedAt: '2026-01-01T00:00:00.000Z',
      ageSeconds: 10,
      dataTime: null,
    },
    recentCycles: { count: 20, failed: 0, requests: 100, failedRequests: 5 },
    outbox: { pending: 0, due: 0, failed: 0, oldestPending: null },
    leader: { applicationName: 'tailwatch-leader h:1', backendPid: 1, since: '2026-01-01T00:00:00.000Z' },
    ...overrides,
  };
}

const pending = (ageSeconds: number) => ({
  pending: 1,
  due: 1,
  failed: 0,
  oldestPending: { id: '7', createdAt: '2026-01-01T00:00:00.000Z', ageSeconds, lastError: '421 try later' },
});

describe('judgeHealth', () => {
  it.each<[string, Partial<HealthSnapshot>, boolean, RegExp | null]>([
    ['fresh cycle, few errors, empty outbox', {}, true, null],
    ['no successful cycle yet', { lastSuccessfulCycle: null }, false, /no successful poll cycle yet/],
    [
      'last success too old',
      { lastSuccessfulCycle: { id: '1', status: 'ok', finishedAt: 'x', ageSeconds: 301, dataTime: null } },
      false,
      /301 s ago \(limit 300 s\)/,
    ],
    [
      'last success exactly at the limit',
      { lastSuccessfulCycle: { id: '1', status: 'partial', finishedAt: 'x', ageSeconds: 300, dataTime: null } },
      true,
      null,
    ],
    [
      'most feed requests failing',
      { recentCycles: { count: 20, failed: 12, requests: 100, failedRequests: 51 } },
      false,
      /51 of 100 feed requests failed/,
    ],
    ['no requests at all yet', { recentCycles: { count: 0, failed: 0, requests: 0, failedRequests: 0 } }, true, null],
    [
      'an alert pending too long',
      { outbox: pending(3601) },
      false,
      /alert 7 has been pending for 3601 s .*421 try later/,
    ],
    ['an alert pending briefly', { outbox: pending(30) }, true, null],
  ])('%s', (_name, overrides, healthy, problem) => {
    const verdict = judgeHealth(snapshot(overrides), DEFAULT_HEALTH_THRESHOLDS);
    expect(verdict.healthy).toBe(healthy);
    if (problem) expect(verdict.problems.join('\n')).toMatch(problem);
    else expect(verdict.problems).toEqual([]);
  });

  it('gives the error rate, and warns (without failing) on failed alerts, no leader and a failed last cycle', () => {
    const verdict = judgeHealth(
      snapshot({
        leader: null,
        outbox: { pending: 0, due: 0, failed: 2, oldestPending: null },
        lastCycle: { id: '10', status: 'failed', finishedAt: 'x', ageSeconds: 1 },
      }),
      DEFAULT_HEALTH_THRESHOLDS,
    );
    expect(verdict.healthy).toBe(true);
    expect(verdict.feedErrorRate).toBeCloseTo(0.05);
    expect(verdict.warnings).toHaveLength(3);
  });

  it('follows the thresholds it is given', () => {
    const strict = { maxCycleAgeSeconds: 5, maxFeedErrorRate: 0.01, maxPendingAlertAgeSeconds: 10 };
    expect(judgeHealth(snapshot({ outbox: pending(11) }), strict).problems).toHaveLength(3);
  });
});
