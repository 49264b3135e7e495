import type { Logger } from '../log/create-logger.js';
import type { WorkerEvent, WorkerEvents } from './worker-events.js';

/**
 * The worker's own log lines, written from its events. Each carries `workerEvent` (the event's type), so
 * that scripts and tests can find them without reading the wording. Events that other modules already log
 * are not logged again: `cycle-done` is the pipeline's `poll cycle done` line, `alert-sent` and
 * `alert-failed` are the delivery's `alert email …` lines, `webhook-posted` and `webhook-failed` its
 * `alert … webhook` lines, and `stopping` is logged by whoever stops the worker (the CLI names the signal).
 */
export function logWorkerEvents(events: WorkerEvents, logger: Logger, context: { configFile?: string } = {}): void {
  const leader = logger.child({ module: 'leader' });
  const write = (event: WorkerEvent): void => {
    const workerEvent = event.type;
    switch (event.type) {
      case 'started':
        logger.info(
          { workerEvent, schedule: event.schedule, ...(context.configFile ? { configFile: context.configFile } : {}) },
          'worker started; polling on schedule',
        );
        return;
      case 'leader-acquired':
        leader.info({ workerEvent, backendPid: event.backendPid }, 'leadership acquired; this worker polls');
        return;
      case 'leader-lost':
        leader.warn({ workerEvent }, 'leadership lost; this worker polls again only once it holds the lock');
        return;
      case 'standby':
        leader.debug({ workerEvent }, 'standby: another worker holds the poll leadership');
        return;
      case 'cycle-failed':
        logger.error({ workerEvent, err: event.error }, 'poll cycle failed; the next tick tries again');
        return;
      case 'cycle-skipped':
        logger.warn({ workerEvent }, 'previous poll cycle still running; this tick is skipped');
        return;
      case 'stopped':
        logger.info({ workerEvent }, 'stopped');
        return;
      case 'cycle-done':
      case 'alert-sent':
      case 'alert-failed':
      case 'webhook-posted':
      case 'webhook-failed':
      case 'stopping':
        return;
    }
  };
  events.on('event', write);
}
