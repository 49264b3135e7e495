import type { Logger } from '../log/create-logger.js';
import type { AlertDelivery } from './alert-delivery.js';

export interface AlertRetryLoop {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * The worker's periodic delivery pass: alerts left pending by an SMTP outage, a 4xx or a restart are sent
 * when due. A pass runs at once (what a previous process committed but did not send), then every everyMs.
 * A failing pass is logged and never stops the worker.
 */
export function startAlertRetryLoop(delivery: AlertDelivery, everyMs: number, logger: Logger): AlertRetryLoop {
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    current = delivery
      .deliverDue()
      .catch((error: unknown) =>
        logger.error({ err: error, module: 'alerts' }, 'alert delivery pass failed; retrying at the next one'),
      );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
