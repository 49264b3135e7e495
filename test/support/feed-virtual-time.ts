/**
 * A clock that only moves when someone sleeps on it: the feed client's rate limiter and backoff run
 * on it, so tests check the waits without waiting. (HTTP timeouts still run on real timers.)
 */
export interface VirtualTime {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in order. */
  sleeps: number[];
}

export function virtualTime(startMs = Date.UTC(2025, 9, 28, 12, 0, 0)): VirtualTime {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    sleeps,
  };
}
