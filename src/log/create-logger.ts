import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets, redactValue } from './redact-secrets.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty' | 'auto';
  /** Where lines go; defaults to stdout. Tests pass a sink to parse the JSON lines. */
  destination?: DestinationStream;
}

/**
 * pino logger: JSON lines by default, pino-pretty on a terminal (or LOG_FORMAT=pretty).
 * Every string and object is passed through redactSecrets, so URL passwords never reach a log.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty =
    options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true && !options.destination);
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: 'tailwatch' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (object) => redactValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg: unknown) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<
          typeof method
        >;
        method.apply(this, cleaned);
      },
    },
    serializers: { err: (error: unknown) => redactValue(error) },
  };
  if (pretty) {
    const transport = pino.transport({
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' },
    });
    return pino(pinoOptions, transport);
  }
  return pino(pinoOptions, options.destination ?? pino.destination(1));
}
