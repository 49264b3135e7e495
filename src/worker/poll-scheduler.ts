import cron from 'node-cron';

export interface PollScheduler {
  /** Stops scheduling; resolves when the cycle in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Resolves when the cycle in progress (if any) has finished. */
  idle(): Promise<void>;
  /** Runs a cycle now (unless one is running), e.g. at start rather than waiting for the first tick. */
  trigger(): Promise<void>;
}

/** What the scheduler reports instead of logging: the worker turns these into events (and log lines). */
export interface PollSchedulerReports {
  /** A cycle threw; the schedule goes on. */
  failed(error: unknown): void;
  /** A tick came while the previous cycle was still running, and was skipped. */
  skipped(): void;
}

/**
 * Runs `cycle` on a node-cron schedule. Cycles never overlap: a tick that comes while a cycle is still
 * running is skipped and reported. A failing cycle is reported and never stops the schedule.
 */
export function schedulePolling(
  schedule: string,
  cycle: () => Promise<unknown>,
  reports: PollSchedulerReports,
  options: { name?: string; timezone?: string } = {},
): PollScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      reports.skipped();
      return;
    }
    running = cycle()
      .then(() => undefined)
      .catch((error: unknown) => reports.failed(error))
      .finally(() => {
        running = null;
      });
    await running;
  };

  const task = cron.schedule(schedule, tick, {
    name: options.name ?? 'poll',
    noOverlap: true,
    ...(options.timezone ? { timezone: options.timezone } : {}),
  });
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
