import type { TailwatchConfig } from '../../src/config/config-schema.js';
import { validateConfig } from '../../src/config/load-config.js';

/** A validated config for a test: defaults, the test database, and any overrides. */
export function testConfig(
  databaseUrl: string,
  overrides: Record<string, Record<string, unknown>> = {},
): Readonly<TailwatchConfig> {
  const raw: Record<string, Record<string, unknown>> = {
    database: { url: databaseUrl },
    log: { level: 'silent', format: 'json' },
    // The fake feeds serve a recorded world (2025): not behind the clock on purpose. Tests of the check set it.
    feeds: { maxClockLagSeconds: null },
  };
  for (const [section, values] of Object.entries(overrides)) raw[section] = { ...raw[section], ...values };
  return validateConfig(raw, 'test config');
}
