import pino, { type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { printable } from '../shared/printable-text.js';

/**
 * Text from a log line made safe for a terminal: escape sequences removed and controls replaced (see
 * printable), and carriage returns and tabs too, which could overwrite or hide what is on the line. Only
 * newlines stay (a stack trace has them).
 */
export function printableLogText(text: string): string {
  return printable(text).replace(/\r/g, '\uFFFD').replace(/\t/g, ' ');
}

/** A parsed log line with every string, keys included, made printable. */
function printableValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return printableLogText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => printableValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[printableLogText(key)] = printableValue(child, depth + 1);
  return out;
}

export interface PrettyDestinationOptions {
  /** Where the pretty lines go; stdout by default. */
  destination?: DestinationStream;
  /** Colours (ANSI SGR sequences of pino-pretty's own); only for a terminal. */
  colorize: boolean;
}

/**
 * The pretty log format (pino-pretty, in this process): each JSON line pino writes is parsed, every string in
 * it made printable, and only then laid out. Feed and file text (a callsign, a CSV field, a provider's error)
 * reaches the log's fields and messages, and a terminal would obey escape sequences in it; the JSON format
 * escapes them, pino-pretty prints them as they are. The only escape sequences left are the colours
 * pino-pretty adds itself.
 */
export function printablePrettyDestination(options: PrettyDestinationOptions): DestinationStream {
  const out = options.destination ?? pino.destination(1);
  const prettify = prettyFactory({
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
  });
  return {
    write(line: string): void {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        out.write(`${printableLogText(line.replace(/\n$/, ''))}\n`);
        return;
      }
      out.write(prettify(printableValue(parsed)));
    },
  };
}
