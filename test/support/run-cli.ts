import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes a config file for a test database (and any extra settings) and returns its path. */
export function writeTestConfig(databaseUrl: string, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tailwatch-cli-'));
  const file = join(dir, 'tailwatch.yaml');
  // The fake feeds serve a recorded world (2025): not behind the clock on purpose. Tests of the check set it.
  const feeds = { maxClockLagSeconds: null, ...(extra.feeds as Record<string, unknown> | undefined) };
  writeFileSync(
    file,
    stringify({ database: { url: databaseUrl }, log: { level: 'warn', format: 'json' }, ...extra, feeds }),
  );
  return file;
}

/** Runs the real CLI in-process with its own environment (process.env is not read). */
export async function runCli(
  args: readonly string[],
  options: { configFile?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const argv = ['node', 'tailwatch', ...(options.configFile ? ['--config', options.configFile] : []), ...args];
  const code = await main(argv, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
