import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { configSchema, type TailwatchConfig } from './config-schema.js';
import { applyEnvironmentOverrides, variableForPath } from './environment-overrides.js';

export const DEFAULT_CONFIG_FILE = 'config/tailwatch.yaml';

export interface LoadConfigOptions {
  /** `--config FILE`; wins over TAILWATCH_CONFIG. */
  configFile?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export interface LoadedConfig {
  config: Readonly<TailwatchConfig>;
  file: string;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  // Redact first, then truncate: a cut could remove the `@` that tells where a password ends.
  const text = redactSecrets(JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, file: string): string {
  const path = issue.path.map(String);
  const setting = path.join('.') || '(top level)';
  const variable = variableForPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
  const where = variable ? `${setting} (environment ${variable} or ${file})` : `${setting} in ${file}`;
  if (issue.code === 'unrecognized_keys') {
    return (
      `${setting === '(top level)' ? file : where}: unknown setting(s) ${issue.keys.join(', ')}; ` +
      'see config/tailwatch.yaml for the valid settings'
    );
  }
  return `setting ${where} = ${describeValue(valueAt(raw, issue.path))}: expected ${issue.message}`;
}

/** Parses and validates a raw config object (already merged with the environment). */
export function validateConfig(raw: unknown, file: string): Readonly<TailwatchConfig> {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeIssue(issue, raw, file));
    throw new TailwatchError('CONFIG_INVALID', `Invalid configuration:\n  - ${lines.join('\n  - ')}`, {
      issues: lines,
    });
  }
  return deepFreeze(parsed.data);
}

/** Reads the config file, applies environment overrides, validates once and freezes the result. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configFile ?? env.TAILWATCH_CONFIG;
  const file = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      text = '{}'; // no default file: run on built-in defaults
    } else {
      throw new TailwatchError(
        'CONFIG_FILE_UNREADABLE',
        `Cannot read the config file ${file} (${(error as Error).message}). ` +
          'Pass an existing file with --config FILE or TAILWATCH_CONFIG.',
        { file },
      );
    }
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `The config file ${file} is not valid YAML: ${(error as Error).message}`,
      { file },
    );
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `The config file ${file} must hold a mapping of settings, not ${describeValue(raw)}.`,
      { file },
    );
  }
  const merged = applyEnvironmentOverrides(raw as Record<string, unknown>, env);
  return { config: validateConfig(merged, file), file };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
