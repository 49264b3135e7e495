import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';

/**
 * `tailwatch run` on the embedded server: the connection lines carry the passwords only when stdout is a
 * terminal. Otherwise (a container's log stream, a pipe) they name the credentials file instead.
 */

const root = mkdtempSync(join(tmpdir(), 'tailwatch-run-banner-'));
chmodSync(root, 0o755); // as root, the server runs as the postgres user and must reach its directory
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runUntilReady(outIsTty: boolean): Promise<string> {
  const configFile = join(root, 'tailwatch.yaml');
  writeFileSync(
    configFile,
    stringify({
      database: { dataDir: join(root, 'pg') },
      log: { level: 'silent', format: 'json' },
      feeds: { urls: ['http://127.0.0.1:9/v2'], retries: 0, timeoutMs: 200 },
      poll: { schedule: '0 0 1 1 *' },
      watch: { airports: [] },
    }),
  );
  let out = '';
  const exit = main(['node', 'tailwatch', '--config', configFile, 'run'], {
    out: (text) => {
      out += text;
    },
    err: () => {},
    env: {},
    outIsTty,
  });
  await vi.waitFor(() => expect(out).toContain('database ready'), { timeout: 90_000, interval: 100 });
  process.emit('SIGTERM');
  expect(await exit).toBe(0);
  return out;
}

describe('tailwatch run prints passwords only to a terminal', () => {
  it('not a terminal: no password, the credentials file named; a terminal: both passwords', async () => {
    const piped = await runUntilReady(false);
    const credentialsFile = join(root, 'pg', 'tailwatch-credentials.json');
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Record<string, string>;
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    for (const secret of [credentials.password!, credentials.analystPassword!]) {
      expect(piped).not.toContain(secret);
      expect(piped).not.toContain(encodeURIComponent(secret));
    }
    expect(piped).toContain(`passwords: in ${credentialsFile}`);
    expect(piped).toMatch(/psql "postgresql:\/\/tailwatch_reader@127\.0\.0\.1:\d+\/postgres"/);

    const terminal = await runUntilReady(true);
    expect(terminal).toContain(encodeURIComponent(credentials.password!));
    expect(terminal).toContain(credentials.analystPassword!);
  }, 180_000);
});
