import { Command } from 'commander';
import { openDatabase } from '../db/open-database.js';
import { migrateToLatest } from '../db/run-migrations.js';
import { createCliContext, type GlobalOptions } from './cli-context.js';

export function migrateCommand(globals: () => GlobalOptions, out: (text: string) => void): Command {
  return new Command('migrate').description('apply pending database migrations and exit').action(async () => {
    const context = createCliContext(globals(), 'command');
    const database = await openDatabase(context.config, context.logger, 'tailwatch-migrate');
    try {
      const applied = await migrateToLatest(database.db);
      out(
        applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'database is up to date\n',
      );
    } finally {
      await database.close();
    }
  });
}
