/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on any schema */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import { TailwatchError } from '../errors/tailwatch-error.js';

/** migrations/ beside src/ — in the source tree (tests) or in dist/ (compiled). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Loads `*.ts` (source) or `*.js` (compiled) migrations, never declaration or map files. */
class MigrationFolderProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder))
      .filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = file.replace(/\.(js|ts)$/, '');
      migrations[name] = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration;
    }
    return migrations;
  }
}

export function createMigrator(db: Kysely<any>, folder = MIGRATIONS_DIR): Migrator {
  return new Migrator({ db, provider: new MigrationFolderProvider(folder) });
}

/**
 * Runs every pending migration. Kysely's Migrator holds a Postgres advisory lock while it works,
 * so two processes starting at once run each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await createMigrator(db).migrateToLatest();
  const applied = (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new TailwatchError(
      'DB_MIGRATION_FAILED',
      `Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}. ` +
        `Nothing of it was applied; fix the cause and start again (\`tailwatch migrate\`).`,
      { failed },
      { cause: error },
    );
  }
  return applied;
}
