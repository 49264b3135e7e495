import pino, { type DestinationStream, type Logger } from 'pino';
import { escapedJsonDestination } from './escaped-json-destination.js';
import { printablePrettyDestination } from './printable-pretty-destination.js';
import { redactSecrets, redactValue } from './redact-secrets.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty' | 'auto';
  /** Where lines go; defaults to stdout. Tests pass a sink to parse the JSON lines. */
  destination?: DestinationStream;
  /** Pretty format only: colours. Default: when the lines go to stdout and it is a terminal. */
  colorize?: boolean;
}

/**
 * pino logger: JSON lines by default, pino-pretty on a terminal (or LOG_FORMAT=pretty).
 * Every string and object is passed through redactSecrets, so URL passwords never reach a log. The pretty
 * format makes every string printable (printable-pretty-destination.ts): pino-pretty would print control
 * characters as they came. The JSON format escapes C0 controls; DEL, C1 and bidi controls are escaped too
 * (escaped-json-destination.ts).
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
    const colorize = options.colorize ?? (options.destination === undefined && process.stdout.isTTY === true);
    return pino(pinoOptions, printablePrettyDestination({ destination: options.destination, colorize }));
  }
  return pino(pinoOptions, escapedJsonDestination(options.destination ?? pino.destination(1)));
}
