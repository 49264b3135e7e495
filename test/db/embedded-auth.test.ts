import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { withPrivateTmpdir } from '../../src/db/private-tmpdir.js';
import { silentLogger } from '../support/silent-logger.js';

/** The embedded server asks for SCRAM, and initdb's password file is never readable by others. */

const root = mkdtempSync(join(tmpdir(), 'tailwatch-embedded-auth-'));
chmodSync(root, 0o755); // as root, the server runs as the postgres user and must reach its directory
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the embedded server authentication', () => {
  it('uses scram-sha-256 in pg_hba.conf and stores SCRAM verifiers', async () => {
    const dataDir = join(root, 'pg');
    const server = await startEmbeddedDatabase(dataDir, 0, silentLogger);
    try {
      const rules = readFileSync(join(dataDir, 'pg_hba.conf'), 'utf8')
        .split('\n')
        .filter((line) => /^\s*(local|host)/.test(line));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.trim().split(/\s+/).at(-1)).toBe('scram-sha-256');
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const stored = await client.query<{ scram: boolean }>(
          "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = current_user",
        );
        expect(stored.rows[0]?.scram).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop({ force: true });
    }
  });

  it('initdb reads its password file from a 0700 folder, where a file is written 0600', async () => {
    const seen = await withPrivateTmpdir({}, async (dir) => {
      const file = join(tmpdir(), 'pg-password-test');
      writeFileSync(file, 'secret\n');
      return { dir, tmp: tmpdir(), folder: statSync(dir).mode & 0o777, file: statSync(file).mode & 0o777 };
    });
    expect(seen.tmp).toBe(seen.dir);
    expect(seen.folder).toBe(0o700);
    expect(seen.file).toBe(0o600);
    expect(tmpdir()).not.toBe(seen.dir);
  });
});
