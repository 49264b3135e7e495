import { Command } from 'commander';
import { startWorker } from '../worker/index.js';
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

/**
 * `tailwatch run`: the worker (src/worker/start-worker.ts) until SIGINT or SIGTERM. The connection lines
 * carry passwords only when stdout is a terminal; otherwise they name the credentials file.
 */
export function runCommand(globals: () => GlobalOptions, out: (text: string) => void, outIsTty = false): Command {
  return new Command('run')
    .description(
      'migrate, then poll the feeds on POLL_SCHEDULE until stopped (SIGINT/SIGTERM finish the current cycle)',
    )
    .action(async () => {
      const { config, logger, configFile } = createCliContext(globals(), 'worker');
      const stopping = shutdownSignal();
      const worker = await startWorker(config, {
        logger,
        configFile,
        // Passwords go only to a person at a terminal, never to a log stream (a container's stdout).
        onDatabaseReady: (banner, withPasswords) => out(`${(outIsTty ? withPasswords : banner).join('\n')}\n`),
      });
      const signal = await stopping;
      logger.info({ workerEvent: 'stopping', signal }, 'stopping: finishing the current cycle');
      await worker.stop();
    });
}
