import { stringify } from 'csv-stringify/sync';
import { escapeFormula } from '../shared/spreadsheet-formula.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export function chooseFormat(options: { json?: boolean; csv?: boolean }): OutputFormat {
  return options.json ? 'json' : options.csv ? 'csv' : 'table';
}

type Cell = string | number | boolean | null | undefined | Date;

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Renders rows as an aligned text table, CSV (with header, formulas escaped) or a JSON array. */
export function renderRows(
  rows: ReadonlyArray<Record<string, Cell>>,
  columns: readonly string[],
  format: OutputFormat,
): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  // CSV is opened in spreadsheets: a cell that would run as a formula is written as text (a leading ').
  if (format === 'csv')
    return stringify(
      rows.map((row) => columns.map((column) => escapeFormula(cellText(row[column])))),
      { header: true, columns: [...columns] },
    );
  if (rows.length === 0) return '(none)\n';
  // Control characters from feeds or files never reach the terminal raw.
  const text = rows.map((row) => columns.map((column) => cellText(row[column]).replace(/[\u0000-\u001f\u007f]/g, '?')));
  const widths = columns.map((column, i) => Math.max(column.length, ...text.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}
