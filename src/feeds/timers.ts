import { setTimeout as delay } from 'node:timers/promises';

/** Epoch milliseconds now. Injected so tests run on a fake clock. */
export type Clock = () => number;
/** Waits the given milliseconds. Injected so tests do not sleep for real. */
export type Sleep = (ms: number) => Promise<void>;
/** A number in [0, 1). Injected so backoff jitter is reproducible in tests. */
export type Random = () => number;

export const systemClock: Clock = () => Date.now();
export const realSleep: Sleep = async (ms) => {
  if (ms > 0) await delay(ms);
};
export const mathRandom: Random = () => Math.random();
