import { hostname } from 'node:os';
import { createAlertHooks } from '../alerts/alert-cycle-hooks.js';
import type { AlertDelivery, EmailAttempt } from '../alerts/alert-delivery.js';
import { startAlertRetryLoop } from '../alerts/alert-retry-loop.js';
import type { WebhookAttempt } from '../alerts/webhook-delivery.js';
import { createAlertDelivery } from '../alerts/create-alert-delivery.js';
import type { TailwatchConfig } from '../config/config-schema.js';
import { openDatabase } from '../db/open-database.js';
import { createLogger, type Logger } from '../log/create-logger.js';
import type { CycleHooks } from '../pipeline/cycle-types.js';
import { createPollCycle } from '../pipeline/poll-cycle.js';
import { LeaderElection } from './leader-election.js';
import { schedulePolling } from './poll-scheduler.js';
import { prepareDatabase } from './prepare-database.js';
import { logWorkerEvents } from './worker-event-log.js';
import {
  createWorkerEvents,
  emitWorkerEvent,
  errorCode,
  type WorkerEvent,
  type WorkerEvents,
} from './worker-events.js';

export interface StartWorkerOptions {
  /** Where the worker logs. Default: a logger made from `config.log` (JSON lines on stdout, or pretty). */
  logger?: Logger;
  /** application_name of the leadership lock's connection. Default `tailwatch-leader <host>:<pid>`. */
  leaderApplicationName?: string;
  /**
   * Called once the database is migrated and seeded, with the lines that say how to connect to it:
   * `banner` holds no password; `withPasswords` does (print it only to a terminal).
   */
  onDatabaseReady?: (banner: readonly string[], withPasswords: readonly string[]) => void;
  /** The config file the worker was started with, named in its start-up log line. */
  configFile?: string;
}

export interface Worker {
  /** The worker's events (see worker-events.ts); `stopped` is the last. */
  readonly events: WorkerEvents;
  /** The lines that say how to connect to the database, without passwords (see prepare-database.ts). */
  readonly banner: readonly string[];
  /**
   * Stops polling, waits for the cycle in flight, releases the leadership lock, waits for a delivery pass
   * in flight, and closes the mail transport and the database pools (and the embedded server). Idempotent:
   * every call returns the same promise.
   */
  stop(): Promise<void>;
}

function alertEvent(attempt: EmailAttempt): WorkerEvent {
  if (attempt.status === 'sent') {
    return {
      type: 'alert-sent',
      messageId: attempt.messageId,
      alertIds: attempt.alertIds,
      attempts: attempt.attempts ?? 1,
    };
  }
  return {
    type: 'alert-failed',
    messageId: attempt.messageId,
    alertIds: attempt.alertIds,
    attempts: attempt.attempts,
    error: attempt.error ?? attempt.status,
    final: attempt.status === 'failed',
  };
}

function webhookEvent(attempt: WebhookAttempt): WorkerEvent {
  const fields = {
    webhook: attempt.webhook,
    alertId: attempt.alertId,
    webhookAlertId: attempt.webhookAlertId,
    attempts: attempt.attempts,
    httpStatus: attempt.httpStatus,
  };
  if (attempt.status === 'sent') return { type: 'webhook-posted', ...fields };
  return {
    type: 'webhook-failed',
    ...fields,
    error: attempt.error ?? attempt.status,
    final: attempt.status === 'failed',
  };
}

/**
 * The worker, as `tailwatch run` runs it: opens the database (DATABASE_URL, or the embedded server),
 * migrates and seeds it, starts the alert retry pass, and polls on `config.poll.schedule` (a first cycle at
 * once) while this process holds the poll leadership (a PostgreSQL advisory lock; every replica delivers
 * alerts). Resolves once polling is scheduled; rejects if the database cannot be opened or prepared.
 * Signals are the caller's business: `tailwatch run` maps SIGINT/SIGTERM to `stop()`.
 */
export async function startWorker(
  config: Readonly<TailwatchConfig>,
  options: StartWorkerOptions = {},
): Promise<Worker> {
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  const events = createWorkerEvents();
  logWorkerEvents(events, logger, options.configFile ? { configFile: options.configFile } : {});
  const report = (event: WorkerEvent) =>
    emitWorkerEvent(events, event, (error) =>
      logger.error({ err: error, workerEvent: event.type }, 'a worker event listener threw; ignored'),
    );

  const database = await openDatabase(config, logger, 'tailwatch-worker');
  let banner: string[];
  let delivery: AlertDelivery;
  try {
    const ready = await prepareDatabase(database, config, logger);
    banner = ready.lines;
    options.onDatabaseReady?.(ready.lines, ready.withPasswords);
    delivery = createAlertDelivery(database.db, config, logger, {
      onAttempt: (attempt) => report(alertEvent(attempt)),
      webhook: { onAttempt: (attempt) => report(webhookEvent(attempt)) },
    });
  } catch (error) {
    await database.close();
    report({ type: 'stopped' });
    throw error;
  }
  const retries = startAlertRetryLoop(delivery, config.alerts.retryEverySeconds * 1000, logger);
  // Only the worker holding the advisory lock polls; every replica delivers alerts (SKIP LOCKED).
  const leadership = new LeaderElection({
    url: database.url,
    logger,
    applicationName: options.leaderApplicationName ?? `tailwatch-leader ${hostname().slice(0, 32)}:${process.pid}`,
  });
  const alertHooks = createAlertHooks({ config, logger, delivery });
  const hooks: CycleHooks = {
    async inTransaction(trx, derived) {
      await leadership.fence(trx);
      await alertHooks.inTransaction?.(trx, derived);
    },
    afterCommit: (outcome) => alertHooks.afterCommit?.(outcome) ?? Promise.resolve(),
  };
  const cycle = createPollCycle({ db: database.db, config, logger, hooks });
  const leaderCycle = async () => {
    const { leader, gained, lost } = await leadership.check();
    if (lost) report({ type: 'leader-lost' });
    if (gained) report({ type: 'leader-acquired', backendPid: leadership.leaderBackendPid });
    if (!leader) {
      report({ type: 'standby' });
      return;
    }
    // Another worker may have advanced the engine state while this one was not leader.
    if (gained) cycle.invalidate();
    const startedAt = Date.now();
    const outcome = await cycle();
    report({
      type: 'cycle-done',
      cycleId: outcome.cycleId,
      status: outcome.status,
      dataTime: outcome.dataTime,
      sightings: outcome.sightings,
      positionsStored: outcome.positionsStored,
      newEvents: outcome.newEvents,
      legsChanged: outcome.legsChanged,
      gapsChanged: outcome.gapsChanged,
      dropped: outcome.dropped,
      durationMs: Date.now() - startedAt,
    });
  };
  const scheduler = schedulePolling(config.poll.schedule, leaderCycle, {
    failed: (error) =>
      report({
        type: 'cycle-failed',
        code: errorCode(error),
        message: error instanceof Error ? error.message : String(error),
        error,
      }),
    skipped: () => report({ type: 'cycle-skipped' }),
  });
  report({ type: 'started', schedule: config.poll.schedule });
  void scheduler.trigger();
  // The daily digest: queued once a UTC day (any replica may; the day is the key), sent in the same pass.
  const digestSchedule = config.alerts.digest.enabled
    ? schedulePolling(
        `0 0 ${config.alerts.digest.hourUtc} * * *`,
        async () => {
          await delivery.digests?.queue();
          await delivery.deliverDue();
        },
        {
          failed: (error) =>
            logger.error({ err: error, module: 'alerts' }, 'daily digest failed; retried at the next pass'),
          skipped: () => undefined,
        },
        { name: 'digest', timezone: 'Etc/UTC' },
      )
    : null;

  let stopping: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    report({ type: 'stopping' });
    try {
      await scheduler.stop();
      await digestSchedule?.stop();
      // The legs table gets the open legs' progress before the lock goes (a new leader rebuilds it anyway).
      await cycle.checkpointNow().catch((error: unknown) => logger.warn({ err: error }, 'no checkpoint at stop'));
      await leadership.release();
      await retries.stop();
      delivery.close();
    } finally {
      await database.close();
      report({ type: 'stopped' });
    }
  };
  return {
    events,
    banner,
    stop: () => (stopping ??= stop()),
  };
}
