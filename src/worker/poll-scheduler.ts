import cron from 'node-cron';
import type { Logger } from '../log/create-logger.js';

export interface PollScheduler {
  /** Stops scheduling; resolves when the cycle in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Resolves when the cycle in progress (if any) has finished. */
  idle(): Promise<void>;
  /** Runs a cycle now (unless one is running), e.g. at start rather than waiting for the first tick. */
  trigger(): Promise<void>;
}

/**
 * Runs `cycle` on a node-cron schedule. Cycles never overlap: a tick that comes while a cycle is still
 * running is skipped and logged. A failing cycle is logged and never stops the schedule.
 */
export function schedulePolling(schedule: string, cycle: () => Promise<unknown>, logger: Logger): PollScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      logger.warn('previous poll cycle still running; this tick is skipped');
      return;
    }
    running = cycle()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'poll cycle failed; the next tick tries again'))
      .finally(() => {
        running = null;
      });
    await running;
  };

  const task = cron.schedule(schedule, tick, { name: 'poll', noOverlap: true });
  return {
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      if (running) await running;
    },
    async idle() {
      if (running) await running;
    },
    trigger: tick,
  };
}
