import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { ENVIRONMENT_OVERRIDES } from '../../src/config/environment-overrides.js';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-config-fuzz-'));
let fileCount = 0;

/**
 * Loads a config text with an environment: the config, or the TailwatchError it was rejected with.
 * Anything else fails the property.
 */
function attempt(
  text: string,
  env: Record<string, string>,
): { ok: true } | { ok: false; code: string; message: string } {
  fileCount += 1;
  const file = join(dir, `fuzz-${fileCount}.yaml`);
  writeFileSync(file, text);
  try {
    const { config } = loadConfig({ configFile: file, env, cwd: dir });
    expect(Object.isFrozen(config)).toBe(true);
    return { ok: true };
  } catch (error) {
    if (!isTailwatchError(error)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

const SECTIONS = ['database', 'feeds', 'poll', 'watch', 'tracking', 'alerts', 'watchlist', 'retention', 'log', 'bogus'];
const KEYS = [
  'url',
  'dataDir',
  'poolSize',
  'urls',
  'timeoutMs',
  'retries',
  'schedule',
  'airports',
  'gapAfterMinutes',
  'smtpUrl',
  'to',
  'from',
  'backoff',
  'rules',
  'level',
  'format',
  'positionsDays',
  'defaultFile',
  'x',
];

/** Values of every kind, including the awkward ones: NaN-ish strings, huge numbers, nesting, YAML specials. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom(
      '',
      '~',
      'null',
      'yes',
      'NaN',
      '.inf',
      '-1',
      '1e309',
      'postgresql://u:secret@h/db',
      'smtp://a:b@c:25',
      '*/30 * * * * *',
      'MUHA',
      'IL76',
      '\r\n',
      '<b>x</b>',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const configObject = fc.dictionary(
  fc.constantFrom(...SECTIONS),
  fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...KEYS), anyValue, { maxKeys: 4 })),
  { maxKeys: 4 },
);
const environment = fc.dictionary(
  fc.constantFrom(...ENVIRONMENT_OVERRIDES.map((o) => o.variable)),
  fc.oneof(
    fc.string(),
    fc.constantFrom('postgresql://u:pw@h/db', 'a,b,,c', 'SVMI, muha', 'debug', 'pretty', '61 * * * *'),
  ),
  { maxKeys: 4 },
);

// The yaml package reports odd tags (`!x`) through process.emitWarning; thousands of inputs would flood the output.
const emitWarning = process.emitWarning;
beforeAll(() => {
  process.emitWarning = () => {};
});
afterAll(() => {
  process.emitWarning = emitWarning;
});

describe('loadConfig on hostile input (property)', () => {
  it('any YAML object and environment either loads or throws a CONFIG_* TailwatchError', () => {
    fc.assert(
      fc.property(configObject, environment, (object, env) => {
        const result = attempt(stringify(object), env);
        if (!result.ok) expect(result.code).toMatch(/^CONFIG_/);
      }),
      { numRuns: 300 },
    );
  });

  it('any text as the file either loads or throws a CONFIG_* TailwatchError, and never echoes a URL password', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(
        '[1,2',
        '{a: [}',
        '- a\n- b',
        'database: !!binary x',
        'a: &x 1\nb: *y',
        '"unterminated',
        'database:\n  url: postgresql://u:hunter2@h/db\n  poolSize: many',
      ),
    );
    fc.assert(
      fc.property(text, (body) => {
        const result = attempt(body, {});
        if (!result.ok) {
          expect(result.code).toMatch(/^CONFIG_/);
          expect(result.message).not.toContain('hunter2');
        }
      }),
      { numRuns: 300 },
    );
  });
});
