import { Command } from 'commander';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { partitionsBeyondRetention } from '../store/position-months.js';
import {
  dropPositionPartition,
  listPositionPartitions,
  partitionFootprint,
  pruneDefaultPartition,
} from '../store/position-partitions-repository.js';
import { newestDataTime } from '../store/positions-repository.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';

const DAY_MS = 86_400_000;

/** `--older-than`: a number of days, written 400d or 400. */
export function parseOlderThan(value: string): number {
  const match = /^\s*(\d+)\s*d?\s*$/i.exec(value);
  const days = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(days) || days < 1) {
    throw new TailwatchError(
      'USAGE',
      `--older-than "${value}" is not a number of days: write it as 400d (or set retention.positionsDays).`,
    );
  }
  return days;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * `tailwatch prune`: drops whole monthly partitions of positions whose month ended more than the
 * retention (retention.positionsDays, or --older-than) before the newest data. Time comes from the
 * data, not the clock, so a worker that was stopped for months does not lose its history at restart.
 * Rows in the default partition (months that never got a partition) older than the cutoff are deleted.
 * Legs, gaps and events are kept.
 */
export function pruneCommand(globals: () => GlobalOptions, out: (text: string) => void): Command {
  return new Command('prune')
    .description('drop months of positions older than the retention (retention.positionsDays) before the newest data')
    .option('--older-than <days>', 'override retention.positionsDays, e.g. 400d')
    .option('--dry-run', 'list what would be dropped and drop nothing')
    .action(async (options: { olderThan?: string; dryRun?: boolean }) => {
      const context = createCliContext(globals(), 'command');
      const days =
        options.olderThan === undefined ? context.config.retention.positionsDays : parseOlderThan(options.olderThan);
      const dryRun = options.dryRun === true;
      await withDatabase(context, async ({ db }) => {
        const newest = await newestDataTime(db);
        if (newest === null) {
          out('no positions yet: nothing to prune\n');
          return;
        }
        const cutoff = newest - days * DAY_MS;
        const months = partitionsBeyondRetention(await listPositionPartitions(db), cutoff);
        const verb = dryRun ? 'would drop' : 'dropped';
        out(
          `newest data ${new Date(newest).toISOString()}; ` +
            `keeping positions from ${new Date(cutoff).toISOString()} (${days} days)\n`,
        );
        let rows = 0;
        let bytes = 0;
        for (const month of months) {
          const footprint = await partitionFootprint(db, month.name);
          if (!dryRun) await dropPositionPartition(db, month.name);
          rows += footprint.rows;
          bytes += footprint.bytes;
          out(`${verb} ${month.name}: ${footprint.rows} positions, ${mb(footprint.bytes)}\n`);
        }
        const loose = await pruneDefaultPartition(db, cutoff, dryRun);
        if (loose) out(`${dryRun ? 'would delete' : 'deleted'} ${loose} older positions from the default partition\n`);
        out(`${dryRun ? 'dry run: ' : ''}${verb} ${months.length} month(s), ${rows + loose} positions, ${mb(bytes)}\n`);
      });
    });
}
