import { describe, expect, it } from 'vitest';
import { REPLAY_MAX_STEP_MS, ReplayClock } from '../../src/pipeline/replay-clock.js';

const T = Date.UTC(2025, 9, 30, 6, 0);
const MIN = 60_000;

/** Offers each time in turn (line numbers from 1); returns the lines let through, in order. */
function accepted(times: readonly number[]): number[] {
  const clock = new ReplayClock<number>(() => Date.UTC(2026, 0, 1));
  const lines: number[] = [];
  const take = (verdicts: ReturnType<typeof clock.offer>) => {
    for (const verdict of verdicts) if (verdict.kind === 'accept') lines.push(verdict.line);
  };
  times.forEach((time, i) => take(clock.offer(time, i + 1, time)));
  take(clock.end());
  return lines;
}

describe('the replay clock', () => {
  it('lets a recording through, one poll a minute, with its small disorder', () => {
    expect(accepted([T, T + MIN, T + MIN - 2_000, T + 2 * MIN, T + 3 * MIN])).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets one line step up to the bound ahead, and refuses one further unless the next line confirms it', () => {
    expect(accepted([T, T + REPLAY_MAX_STEP_MS, T + MIN])).toEqual([1, 2, 3]);
    expect(accepted([T, T + REPLAY_MAX_STEP_MS + 1, T + MIN])).toEqual([1, 3]);
    expect(accepted([T, T + 86_400_000, T + 86_400_000 + MIN])).toEqual([1, 2, 3]);
  });

  it('follows the true lines back after a step: steps of lines with true lines between do not add up', () => {
    // Found by test/pipeline/feed-path.property.test.ts: the clock kept the furthest time it had let
    // through, so a line 5 min ahead, a true line, then a line 9 min ahead of that true line's poll (5 min
    // ahead of the clock the first one left) moved the cycles' clock 10 min ahead and opened gaps for
    // aircraft heard a minute before.
    const times = [T, T + 5 * MIN, T + MIN, T + MIN + 9 * MIN, T + 2 * MIN, T + 3 * MIN];
    expect(accepted(times)).toEqual([1, 2, 3, 5, 6]);
  });
});
