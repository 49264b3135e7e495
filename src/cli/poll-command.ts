import { resolve } from 'node:path';
import { Command } from 'commander';
import { createAlertHooks } from '../alerts/alert-cycle-hooks.js';
import { createAlertDelivery } from '../alerts/create-alert-delivery.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { createPollCycle } from '../pipeline/poll-cycle.js';
import { replayFile } from '../pipeline/replay-file.js';
import { SnapshotProcessor } from '../pipeline/snapshot-processor.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';

export function pollCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  return new Command('poll')
    .description('run one poll cycle now and exit')
    .option('--once', 'run one cycle (the only mode; `tailwatch run` polls on the schedule)')
    .option('--record <file>', 'append every raw feed response to this JSONL file (replayable with `tailwatch replay`)')
    .action(async (options: { once?: boolean; record?: string }) => {
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const delivery = createAlertDelivery(db, context.config, context.logger);
        const hooks = createAlertHooks({ config: context.config, logger: context.logger, delivery });
        const cycle = createPollCycle({
          db,
          config: context.config,
          logger: context.logger,
          hooks,
          ...(options.record ? { recordFile: resolve(options.record) } : {}),
        });
        const outcome = await cycle()
          .then(async (done) => {
            await cycle.checkpointNow();
            return done;
          })
          .finally(() => delivery.close());
        out(
          `cycle ${outcome.cycleId ?? '-'}: ${outcome.status}; ${outcome.sightings} sightings, ` +
            `${outcome.positionsStored} positions stored, ` +
            `${outcome.newEvents.length} new events, dropped ${JSON.stringify(outcome.dropped)}\n`,
        );
        for (const { event } of outcome.newEvents)
          out(
            `  ${new Date(event.at).toISOString()} ${event.kind} ${event.hex}` +
              `${'airport' in event && event.airport ? ` ${event.airport}` : ''}\n`,
          );
        for (const provider of outcome.providers ?? []) {
          const first = provider.errors[0];
          const answered = `${provider.answered} of ${provider.requests} answered`;
          out(
            `  provider ${provider.provider}: ${provider.status}, ${answered}` +
              `${first ? ` (${first.code}: ${first.message})` : ''}\n`,
          );
        }
        if (outcome.status === 'failed') setExitCode(4);
      });
    });
}

export function replayCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  err: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  return new Command('replay')
    .description(
      'run a JSONL recording (optionally gzipped; one ADSBx-v2 response per line) ' +
        'through the same pipeline as a live poll',
    )
    .argument('<file>', 'recording, e.g. from `tailwatch poll --once --record FILE`')
    .action(async (file: string) => {
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const delivery = createAlertDelivery(db, context.config, context.logger);
        const processor = new SnapshotProcessor(
          db,
          context.config,
          context.logger,
          createAlertHooks({ config: context.config, logger: context.logger, delivery }),
        );
        const summary = await replayFile(file, processor, context.logger).finally(() => delivery.close());
        for (const bad of summary.badLines) err(`${file}:${bad.line}: skipped: ${bad.message}\n`);
        out(
          `replayed ${summary.lines} lines (${summary.badLines.length} bad) as ${summary.cycles} cycles: ` +
            `${summary.sightings} sightings, ` +
            `${summary.positionsStored} new positions, ${summary.newEvents} new events, ` +
            `dropped ${JSON.stringify(summary.dropped)}\n`,
        );
        if (summary.cycles === 0 && summary.lines > 0) {
          throw new TailwatchError('REPLAY_BAD_LINE', `No line of ${file} was a usable feed response.`);
        }
        if (summary.badLines.length) setExitCode(1);
      });
    });
}
