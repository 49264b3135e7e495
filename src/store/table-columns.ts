import { type RawBuilder, sql } from 'kysely';

/**
 * The columns a bulk write sends, name -> the SQL type each is read as, in the order they are written.
 * A repository defines this once per table and derives every list of the statement from it.
 */
export type ColumnTypes = Readonly<Record<string, string>>;

/** One row of a bulk write: exactly the columns of its list. */
export type ColumnValues<C extends ColumnTypes> = { [K in keyof C]: unknown };

/** The column names, comma-separated: `a, b, c`. */
export function columnNames(columns: ColumnTypes | readonly string[]): string {
  return (Array.isArray(columns) ? columns : Object.keys(columns)).join(', ');
}

/**
 * The fragments of `INSERT INTO t (names) SELECT names FROM jsonb_to_recordset($1::jsonb) AS v(definition)`,
 * built once per table: the column names and the record definition (`a text, b float8, ...`).
 */
export function recordsetColumns(columns: ColumnTypes): {
  names: RawBuilder<unknown>;
  definition: RawBuilder<unknown>;
} {
  return {
    names: sql.raw(columnNames(columns)),
    definition: sql.raw(
      Object.entries(columns)
        .map(([name, type]) => `${name} ${type}`)
        .join(', '),
    ),
  };
}

/** `a = excluded.a, b = excluded.b` for an ON CONFLICT DO UPDATE. */
export function setFromExcluded(names: readonly string[]): RawBuilder<unknown> {
  return sql.raw(names.map((name) => `${name} = excluded.${name}`).join(', '));
}
