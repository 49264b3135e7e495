import { realSleep, systemClock, type Clock, type Sleep } from './timers.js';

/**
 * Spaces requests to one provider at least `minIntervalMs` apart, across concurrent callers.
 * Each caller reserves the next free slot synchronously (before awaiting), so two callers can never
 * take the same slot. `deferUntil` pushes every later slot back, e.g. after a 429 with Retry-After.
 */
export class RateLimiter {
  private nextSlotMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly minIntervalMs: number,
    private readonly clock: Clock = systemClock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Waits for this caller's slot; resolves with the milliseconds it waited. */
  async acquire(): Promise<number> {
    const now = this.clock();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + this.minIntervalMs;
    const wait = slot - now;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }

  /** No slot before this time (epoch ms). Never moves slots earlier. */
  deferUntil(timeMs: number): void {
    this.nextSlotMs = Math.max(this.nextSlotMs, timeMs);
  }
}
