import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-config-'));
function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(options: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig(options);
  } catch (error) {
    if (isTailwatchError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('loadConfig', () => {
  it('reads the shipped config/tailwatch.yaml with its documented defaults', () => {
    const { config } = loadConfig({ env: {}, cwd: process.cwd() });
    expect(config.database.url).toBeNull();
    expect(config.feeds.urls).toEqual(['https://api.adsb.lol/v2', 'https://opendata.adsb.fi/api/v2']);
    expect(config.feeds.mode).toBe('fan-out');
    expect(config.feeds.opensky).toMatchObject({ clientId: null, clientSecret: null, everySeconds: 90 });
    expect(config.poll.schedule).toBe('*/30 * * * * *');
    expect(config.watch.airports).toEqual(['SVMI', 'MUHA', 'MNMG']);
    expect(config.feeds.watchTypes).toEqual(['IL76']);
    expect(Object.isFrozen(config.feeds.urls)).toBe(true);
  });

  it('environment variables override the file', () => {
    const { config } = loadConfig({
      env: {
        DATABASE_URL: 'postgresql://u:p@db:5432/tw',
        SMTP_URL: 'smtps://u:p@mail:465',
        ALERT_EMAIL_TO: 'a@example.org, b@example.org',
        ALERT_EMAIL_FROM: 'tw <tw@example.org>',
        FEED_URLS: 'http://127.0.0.1:9000/v2,http://127.0.0.1:9001/v2',
        POLL_SCHEDULE: '*/10 * * * * *',
        WATCH_AIRPORTS: 'muha, uuee',
        LOG_LEVEL: 'debug',
      },
    });
    expect(config.database.url).toBe('postgresql://u:p@db:5432/tw');
    expect(config.alerts).toMatchObject({
      smtpUrl: 'smtps://u:p@mail:465',
      to: ['a@example.org', 'b@example.org'],
      from: 'tw <tw@example.org>',
    });
    expect(config.feeds.urls).toEqual(['http://127.0.0.1:9000/v2', 'http://127.0.0.1:9001/v2']);
    expect(config.poll.schedule).toBe('*/10 * * * * *');
    expect(config.watch.airports).toEqual(['MUHA', 'UUEE']);
    expect(config.log.level).toBe('debug');
  });

  it.each([
    [
      'POLL_SCHEDULE',
      'every 30 seconds',
      /poll\.schedule \(environment POLL_SCHEDULE.*"every 30 seconds".*node-cron expression/,
    ],
    [
      'DATABASE_URL',
      'mysql://x@y/z',
      /database\.url \(environment DATABASE_URL.*"mysql:\/\/\*\*\*@y\/z".*postgres:\/\/ or postgresql:\/\//,
    ],
    ['FEED_URLS', 'ftp://feeds', /feeds\.urls.*"ftp:\/\/feeds".*http:\/\/ or https:\/\//],
    ['LOG_LEVEL', 'loud', /log\.level \(environment LOG_LEVEL.*"loud"/],
    ['WATCH_AIRPORTS', 'MU HA', /watch\.airports.*"MU HA".*airport ident/],
    ['ALERT_EMAIL_TO', 'not-an-email', /alerts\.to.*"not-an-email".*email address/],
  ])('a bad %s names the setting, the value and what is expected', (variable, value, pattern) => {
    expect(loadError({ env: { [variable]: value } })).toMatch(pattern);
  });

  it('hides a long password with a slash or a space: redacted before the value is cut to 120 characters', () => {
    const password = `s3cr/et ${'x'.repeat(150)}`;
    for (const [variable, url] of [
      ['DATABASE_URL', `mysql://tailwatch:${password}@db.example.org/tw`],
      ['SMTP_URL', `ftp://alerts:${password}@mail.example.org`],
    ] as const) {
      const message = loadError({ env: { [variable]: url } });
      expect(message).not.toContain('s3cr');
      expect(message).not.toContain('xxxxxxxxxx');
    }
  });

  it('OpenSky credentials and URLs come from the environment; one without the other names the missing one', () => {
    const { config } = loadConfig({
      env: {
        OPENSKY_CLIENT_ID: 'tailwatch-api-client',
        OPENSKY_CLIENT_SECRET: 'very-secret',
        OPENSKY_API_URL: 'http://127.0.0.1:9100/api',
        OPENSKY_TOKEN_URL: 'http://127.0.0.1:9100/token',
      },
    });
    expect(config.feeds.opensky).toMatchObject({
      clientId: 'tailwatch-api-client',
      clientSecret: 'very-secret',
      apiUrl: 'http://127.0.0.1:9100/api',
      tokenUrl: 'http://127.0.0.1:9100/token',
    });
    const message = loadError({ env: { OPENSKY_CLIENT_SECRET: 'very-secret' } });
    expect(message).toMatch(/feeds\.opensky\.clientId \(environment OPENSKY_CLIENT_ID.*both clientId and clientSecret/);
    expect(message).not.toContain('very-secret');
  });

  it('hides the password of a bad URL in the message', () => {
    const message = loadError({ env: { SMTP_URL: 'http://user:hunter2@mail' } });
    expect(message).toContain('alerts.smtpUrl');
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['unknown setting', 'poll:\n  shedule: "* * * * *"\n', /unknown setting\(s\) shedule/],
    ['wrong type', 'feeds:\n  retries: many\n', /feeds\.retries.*"many".*expected/],
    ['out of range', 'feeds:\n  pointRadiusNm: 400\n', /feeds\.pointRadiusNm.*400.*at most 250/],
    ['not YAML', 'poll: [unclosed\n', /not valid YAML/],
    ['not a mapping', '- a\n- b\n', /must hold a mapping/],
  ])('rejects a config file with %s', (_name, text, pattern) => {
    expect(loadError({ configFile: configFile('bad.yaml', text), env: {} })).toMatch(pattern);
  });

  it('TAILWATCH_CONFIG selects the file, and --config wins over it', () => {
    const a = configFile('a.yaml', 'poll:\n  schedule: "*/5 * * * * *"\n');
    const b = configFile('b.yaml', 'poll:\n  schedule: "*/7 * * * * *"\n');
    expect(loadConfig({ env: { TAILWATCH_CONFIG: a } }).config.poll.schedule).toBe('*/5 * * * * *');
    expect(loadConfig({ configFile: b, env: { TAILWATCH_CONFIG: a } }).config.poll.schedule).toBe('*/7 * * * * *');
  });

  it('a config file that does not exist is an error naming it', () => {
    expect(loadError({ configFile: join(dir, 'missing.yaml'), env: {} })).toMatch(
      /CONFIG_FILE_UNREADABLE: Cannot read the config file .*missing\.yaml/,
    );
  });
});

describe('bad config through the CLI', () => {
  it('exits with code 2 and a message naming the setting', async () => {
    const result = await runCli(['airframes', 'list'], { env: { POLL_SCHEDULE: 'nope' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/poll\.schedule \(environment POLL_SCHEDULE.*"nope"/);
    expect(result.stdout).toBe('');
  });
});
