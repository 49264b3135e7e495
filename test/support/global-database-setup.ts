import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedAirports } from '../../src/imports/seed-defaults.js';
import { createKysely } from '../../src/db/create-kysely.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { migrateToLatest } from '../../src/db/run-migrations.js';
import { createLogger } from '../../src/log/create-logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
    databaseKind: string;
  }
}

const logger = createLogger({
  level: 'warn',
  format: 'json',
  destination: { write: (line: string) => process.stderr.write(line) },
});

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Before any test file: a real PostgreSQL server (the machine's one when DATABASE_URL is set, an embedded
 * one otherwise) and a migrated template database with the default airports. Each test file clones it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'tailwatch-test-pg-'));
    chmodSync(dataDir, 0o755); // as root, the server runs as the postgres user and must reach its directory
    embedded = await startEmbeddedDatabase(join(dataDir, 'pg'), 0, logger);
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Tests need a PostgreSQL server: cannot connect to ${serverUrl.replace(/:[^:@/]*@/, ':***@')} ` +
        `(${(error as Error).message}). ` +
        'Unset DATABASE_URL to use the embedded server, or start the server it names.',
    );
  }
  const template = `tailwatch_tpl_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = createKysely({ url: withDatabase(serverUrl, template), poolSize: 2 });
  await migrateToLatest(db);
  await seedAirports(db, logger);
  await db.destroy();
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', template);
  project.provide('databaseKind', embedded ? 'embedded' : 'server');

  return async () => {
    // Drop databases the test files left behind (they drop their own; this covers crashes).
    const left = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'tailwatch_t_${process.pid}_%' OR datname = $1`,
      [template],
    );
    for (const row of left.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await embedded?.stop({ force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
