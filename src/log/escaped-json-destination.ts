import type { DestinationStream } from 'pino';

/**
 * Characters JSON leaves as they are but a terminal may obey or that reorder the text: DEL, the C1 controls
 * (U+009B is an 8-bit CSI), the line and paragraph separators and the bidi overrides and isolates.
 */
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A JSON log line with those characters written as \uXXXX escapes: the same JSON, safe to print. */
export function escapeJsonLine(line: string): string {
  return line.replace(UNESCAPED_BY_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The JSON log format's destination: JSON.stringify escapes C0 controls (ESC included) but not DEL, C1 or bidi
 * controls from feed or file text; they are escaped here, so the lines parse to the same values.
 */
export function escapedJsonDestination(out: DestinationStream): DestinationStream {
  return {
    write(line: string): void {
      UNESCAPED_BY_JSON.lastIndex = 0;
      out.write(UNESCAPED_BY_JSON.test(line) ? escapeJsonLine(line) : line);
    },
  };
}
