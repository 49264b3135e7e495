import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createKysely } from '../src/db/create-kysely.js';
import type { Database } from '../src/db/database-schema.js';
import { startEmbeddedDatabase } from '../src/db/embedded-database.js';
import { migrateToLatest } from '../src/db/run-migrations.js';
import { seedAirports } from '../src/imports/seed-defaults.js';
import { createLogger } from '../src/log/create-logger.js';

export const silentLogger = createLogger({ level: 'silent', format: 'json' });

export interface BenchDatabase {
  url: string;
  db: Kysely<Database>;
  serverVersion: string;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database with the default airports: on the server named by DATABASE_URL (a new
 * database there, dropped at the end), or on an embedded server in a temporary directory.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'tailwatch-bench-pg-'));
    chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedDatabase(join(dataDir, 'pg'), 0, silentLogger);
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop({ force: true });
  }
  const name = `tailwatch_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  const url = withDatabase(serverUrl, name);
  const db = createKysely({ url, poolSize: 4 });
  await migrateToLatest(db);
  await seedAirports(db, silentLogger);
  return {
    url,
    db,
    serverVersion: version,
    close: async () => {
      await db.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
      await stopEmbedded?.();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
