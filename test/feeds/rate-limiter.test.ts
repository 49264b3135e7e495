import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/feeds/rate-limiter.js';

/**
 * A clock that only moves when someone sleeps on it, and only after the sleeper resumes (unlike
 * support/feed-virtual-time.ts), so that concurrent callers all take their slots at the same instant.
 */
function fakeTime(start: number) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await Promise.resolve();
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('RateLimiter', () => {
  it('lets the first request go at once', async () => {
    const time = fakeTime(1_000_000);
    const limiter = new RateLimiter(1000, time.clock, time.sleep);
    expect(await limiter.acquire()).toBe(0);
  });

  it('spaces concurrent callers one interval apart, each in its own slot', async () => {
    const time = fakeTime(1_000_000);
    const limiter = new RateLimiter(1000, time.clock, time.sleep);
    const waits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    expect(waits).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('does not make a caller wait when the interval has already passed', async () => {
    const time = fakeTime(1_000_000);
    const limiter = new RateLimiter(1000, time.clock, time.sleep);
    await limiter.acquire();
    time.advance(1500);
    expect(await limiter.acquire()).toBe(0);
    time.advance(400);
    expect(await limiter.acquire()).toBe(600);
  });

  it('holds every caller after deferUntil, and never moves slots earlier', async () => {
    const time = fakeTime(1_000_000);
    const limiter = new RateLimiter(1000, time.clock, time.sleep);
    await limiter.acquire();
    limiter.deferUntil(1_005_000);
    limiter.deferUntil(1_002_000);
    const waits = await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(waits).toEqual([5000, 6000]);
  });
});
