/**
 * The caps on a CSV file that an import reads (csv-record-stream.ts), and the settings that change them
 * (watchlist.import in the config; docs/cli.md#import-formats). Over maxFields or maxFieldBytes a row is rejected
 * and the rest import; over maxRows or maxRecordBytes the import stops and imports nothing.
 */
export interface CsvLimits {
  /** Records in one file (the header and every row, good or bad). plane-alert-db has ~17k, sdn.csv ~18k. */
  maxRows: number;
  /** UTF-8 bytes in one field (cell). */
  maxFieldBytes: number;
  /** Fields in one record. plane-alert-db has 11 columns, sdn.csv 12. */
  maxFields: number;
  /** Bytes in one record, quoted line breaks included: bounds what the parser holds while it reads one. */
  maxRecordBytes: number;
}

export const DEFAULT_CSV_LIMITS: Readonly<CsvLimits> = {
  maxRows: 200_000,
  maxFieldBytes: 4096,
  maxFields: 64,
  maxRecordBytes: 65_536,
};

/** The setting that sets each cap, named in the errors that the cap raises. */
export const CSV_LIMIT_SETTINGS: Readonly<Record<keyof CsvLimits, string>> = {
  maxRows: 'watchlist.import.maxRows',
  maxFieldBytes: 'watchlist.import.maxFieldBytes',
  maxFields: 'watchlist.import.maxFields',
  maxRecordBytes: 'watchlist.import.maxRecordBytes',
};
