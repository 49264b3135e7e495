/**
 * CSV cells that a spreadsheet would run as a formula (OWASP "CSV injection"): a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return. An operator or reason imported from a stranger's file
 * (`=cmd|' /C calc'!A0`, `@SUM(...)`, `+HYPERLINK(...)`) must come out of `export` as text.
 *
 * The escape is a leading `'`, which spreadsheets show as "this is text" and do not display. It is
 * reversible, so an export imports back unchanged: a value that already starts with quotes before a
 * trigger (`'=x`) gets one more, and the import takes exactly one away.
 */
const ESCAPED_OR_FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;
/** A plain negative number (a longitude, a rate of descent) is data, not a formula: it stays a number. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/** The cell text to write: `'` + the value when a spreadsheet would take it for a formula. */
export function escapeFormula(value: string): string {
  return ESCAPED_OR_FORMULA.test(value) && !NEGATIVE_NUMBER.test(value) ? `'${value}` : value;
}

/** The value of a cell written by escapeFormula (other text is returned as it is). */
export function unescapeFormula(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}
