/**
 * Fields of PostgreSQL's COPY text format (the default of `COPY ... FROM STDIN`): columns separated by
 * a tab, rows ended by a newline, null as `\N`. In a text value a backslash, tab, newline or carriage
 * return would be read as syntax, so each is written as a backslash escape; every other character goes
 * as it is (the connection's client_encoding is UTF8). A NUL cannot be stored in text at all: the feed
 * parser has already replaced it by U+FFFD.
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export const COPY_NULL = '\\N';

/** A text value, or `\N` for null. */
export function copyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (c) => ESCAPES[c]!) : value;
}

/** A number as PostgreSQL reads it back exactly (JavaScript's shortest round-trip form), or `\N`. */
export function copyNumber(value: number | null): string {
  return value === null ? COPY_NULL : String(value);
}

/** An integer column: rounded, or `\N`. */
export function copyInteger(value: number | null): string {
  return value === null ? COPY_NULL : String(Math.round(value));
}

export function copyBoolean(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? 't' : 'f';
}

/** A timestamptz from epoch milliseconds (ISO 8601, UTC), or `\N`. */
export function copyTimestamp(ms: number | null): string {
  return ms === null ? COPY_NULL : new Date(ms).toISOString();
}
