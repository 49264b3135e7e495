import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { folderClosedToOthers } from '../../src/db/server-user-reach.js';
import { silentLogger } from '../support/silent-logger.js';

const root = mkdtempSync(join(tmpdir(), 'tailwatch-embedded-'));
chmodSync(root, 0o755); // as root, the server runs as the postgres user and must reach its directory
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL server', () => {
  it(
    'two processes starting at once on a fresh directory share one server, ' + 'and data persists across restarts',
    async () => {
      const dataDir = join(root, 'pg');
      const [a, b] = await Promise.all([
        startEmbeddedDatabase(dataDir, 0, silentLogger),
        startEmbeddedDatabase(dataDir, 0, silentLogger),
      ]);
      try {
        expect(a.port).toBe(b.port);
        expect([a.started, b.started].sort()).toEqual([false, true]);
        await query(a.url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');
        expect(a.url).not.toBe(''); // the URL carries the generated password
      } finally {
        await b.stop({ force: true });
        await a.stop({ force: true });
      }
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
      const again = await startEmbeddedDatabase(dataDir, 0, silentLogger);
      try {
        expect(again.started).toBe(true);
        expect(await query(again.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
      } finally {
        await again.stop();
      }
    },
  );

  it('is left running while another tailwatch process is connected ("last one out")', async () => {
    const dataDir = join(root, 'pg2');
    const server = await startEmbeddedDatabase(dataDir, 0, silentLogger);
    const other = new pg.Client({ connectionString: server.url, application_name: 'tailwatch-worker' });
    await other.connect();
    await server.stop();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);
    expect((await other.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await other.end();
    await server.stop();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('refuses a data directory holding a cluster it did not create', async () => {
    const dataDir = join(root, 'foreign');
    const first = await startEmbeddedDatabase(dataDir, 0, silentLogger);
    await first.stop({ force: true });
    rmSync(join(dataDir, 'tailwatch-credentials.json'));
    await expect(startEmbeddedDatabase(dataDir, 0, silentLogger)).rejects.toMatchObject({ code: 'EMBEDDED_DB_FAILED' });
  });
  it('names a folder the postgres user cannot enter instead of crashing on initdb (as root)', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'tailwatch-closed-')); // mode 700, as `mktemp -d` makes it
    try {
      const dataDir = join(closed, 'pg');
      expect(folderClosedToOthers([dataDir])).toBe(closed);
      if (process.getuid?.() === 0) {
        await expect(startEmbeddedDatabase(dataDir, 0, silentLogger)).rejects.toMatchObject({
          code: 'EMBEDDED_DB_FAILED',
          message: expect.stringContaining(`chmod o+x ${closed}`),
        });
      }
      chmodSync(closed, 0o755);
      expect(folderClosedToOthers([dataDir])).toBeNull();
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
