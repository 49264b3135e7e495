import { hostname } from 'node:os';
import { Command } from 'commander';
import { createAlertHooks } from '../alerts/alert-cycle-hooks.js';
import { startAlertRetryLoop } from '../alerts/alert-retry-loop.js';
import { createAlertDelivery } from '../alerts/create-alert-delivery.js';
import { openDatabase } from '../db/open-database.js';
import { createPollCycle } from '../pipeline/poll-cycle.js';
import type { CycleHooks } from '../pipeline/snapshot-processor.js';
import { LeaderElection } from '../worker/leader-election.js';
import { schedulePolling } from '../worker/poll-scheduler.js';
import { prepareDatabase } from '../worker/prepare-database.js';
import { createCliContext, type GlobalOptions } from './cli-context.js';

/** Waits for SIGINT or SIGTERM once. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export function runCommand(globals: () => GlobalOptions, out: (text: string) => void): Command {
  return new Command('run')
    .description(
      'migrate, then poll the feeds on POLL_SCHEDULE until stopped (SIGINT/SIGTERM finish the current cycle)',
    )
    .action(async () => {
      const context = createCliContext(globals(), 'worker');
      const { config, logger } = context;
      const stopping = shutdownSignal();
      const database = await openDatabase(config, logger, 'tailwatch-worker');
      try {
        const banner = await prepareDatabase(database, config, logger);
        out(`${banner.join('\n')}\n`);
        const delivery = createAlertDelivery(database.db, config, logger);
        const retries = startAlertRetryLoop(delivery, config.alerts.retryEverySeconds * 1000, logger);
        // Only the worker holding the advisory lock polls; every replica delivers alerts (SKIP LOCKED).
        const leadership = new LeaderElection({
          url: database.url,
          logger,
          applicationName: `tailwatch-leader ${hostname().slice(0, 32)}:${process.pid}`,
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
          const { leader, gained } = await leadership.check();
          if (!leader) {
            logger.debug({ module: 'leader' }, 'standby: another worker holds the poll leadership');
            return null;
          }
          // Another worker may have advanced the engine state while this one was not leader.
          if (gained) cycle.invalidate();
          return cycle();
        };
        const scheduler = schedulePolling(config.poll.schedule, leaderCycle, logger);
        logger.info(
          { schedule: config.poll.schedule, configFile: context.configFile },
          'worker started; polling on schedule',
        );
        void scheduler.trigger();
        const signal = await stopping;
        logger.info({ signal }, 'stopping: finishing the current cycle');
        await scheduler.stop();
        await leadership.release();
        await retries.stop();
        delivery.close();
      } finally {
        await database.close();
        logger.info('stopped');
      }
    });
}
