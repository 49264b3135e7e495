import { Command } from 'commander';
import { upsertAirports } from '../store/airports-repository.js';
import { parseOurAirportsCsv } from '../airports/ourairports-csv-parser.js';
import { readInputFile } from '../shared/read-input-file.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';

export function airportsCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  err: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  const command = new Command('airports').description('manage the airports used to name departures and arrivals');
  command
    .command('import')
    .description('import OurAirports airports.csv (all types: small fields, military strips, heliports, closed)')
    .argument('<file>', 'OurAirports airports.csv')
    .option('--encoding <name>', "the file's encoding if not UTF-8 or UTF-16, e.g. latin1")
    .action(async (file: string, options: { encoding?: string }) => {
      const context = createCliContext(globals(), 'command');
      const text = await readInputFile(file, options.encoding);
      const { airports, rejected } = parseOurAirportsCsv(text);
      for (const row of rejected) err(`${file}:${row.line}: rejected: ${row.reason}\n`);
      const counts = await withDatabase(context, ({ db }) =>
        db.transaction().execute((trx) => upsertAirports(trx, airports, 'ourairports')),
      );
      out(
        `added ${counts.added}, updated ${counts.updated}, unchanged ${counts.unchanged}, ` +
          `rejected ${rejected.length}\n`,
      );
      if (rejected.length > 0) setExitCode(1);
    });
  return command;
}
