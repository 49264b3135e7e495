/**
 * Environment variables that override settings of the config file: what differs per deployment.
 * Each maps to one setting path; list values are comma-separated.
 */
export interface EnvironmentOverride {
  variable: string;
  path: readonly string[];
  kind: 'string' | 'list' | 'upperList';
}

export const ENVIRONMENT_OVERRIDES: readonly EnvironmentOverride[] = [
  { variable: 'DATABASE_URL', path: ['database', 'url'], kind: 'string' },
  { variable: 'TAILWATCH_DATA_DIR', path: ['database', 'dataDir'], kind: 'string' },
  { variable: 'SMTP_URL', path: ['alerts', 'smtpUrl'], kind: 'string' },
  { variable: 'ALERT_EMAIL_TO', path: ['alerts', 'to'], kind: 'list' },
  { variable: 'ALERT_EMAIL_FROM', path: ['alerts', 'from'], kind: 'string' },
  { variable: 'ALERT_WEBHOOK_URL', path: ['alerts', 'webhookUrl'], kind: 'string' },
  { variable: 'ALERT_WEBHOOK_SECRET', path: ['alerts', 'webhookSecret'], kind: 'string' },
  { variable: 'FEED_URLS', path: ['feeds', 'urls'], kind: 'list' },
  { variable: 'ADSBX_RAPIDAPI_KEY', path: ['feeds', 'rapidApiKey'], kind: 'string' },
  { variable: 'OPENSKY_CLIENT_ID', path: ['feeds', 'opensky', 'clientId'], kind: 'string' },
  { variable: 'OPENSKY_CLIENT_SECRET', path: ['feeds', 'opensky', 'clientSecret'], kind: 'string' },
  { variable: 'OPENSKY_API_URL', path: ['feeds', 'opensky', 'apiUrl'], kind: 'string' },
  { variable: 'OPENSKY_TOKEN_URL', path: ['feeds', 'opensky', 'tokenUrl'], kind: 'string' },
  { variable: 'POLL_SCHEDULE', path: ['poll', 'schedule'], kind: 'string' },
  { variable: 'WATCH_AIRPORTS', path: ['watch', 'airports'], kind: 'upperList' },
  { variable: 'LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
  { variable: 'LOG_FORMAT', path: ['log', 'format'], kind: 'string' },
];

/** The environment variable that overrides a setting path, if any. */
export function variableForPath(path: readonly (string | number)[]): string | undefined {
  const key = path.filter((part) => typeof part === 'string').join('.');
  return ENVIRONMENT_OVERRIDES.find((override) => override.path.join('.') === key)?.variable;
}

function splitList(value: string, upper: boolean): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => (upper ? item.toUpperCase() : item));
}

/** Returns a copy of the raw (unvalidated) config object with environment overrides applied. */
export function applyEnvironmentOverrides(
  raw: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone(raw);
  for (const override of ENVIRONMENT_OVERRIDES) {
    const value = env[override.variable];
    if (value === undefined || value === '') continue;
    let target = result;
    for (const section of override.path.slice(0, -1)) {
      const current = target[section];
      const next: Record<string, unknown> =
        current !== null && typeof current === 'object' && !Array.isArray(current)
          ? (current as Record<string, unknown>)
          : {};
      target[section] = next;
      target = next;
    }
    const key = override.path[override.path.length - 1]!;
    target[key] = override.kind === 'string' ? value.trim() : splitList(value, override.kind === 'upperList');
  }
  return result;
}
