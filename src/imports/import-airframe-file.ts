import type { Kysely } from 'kysely';
import { type CsvLimits, DEFAULT_CSV_LIMITS } from '../shared/csv-limits.js';
import { readCsvFileWith } from '../shared/csv-record-stream.js';
import type { Database } from '../db/database-schema.js';
import { knownRegistrations } from '../store/airframes-repository.js';
import type { RejectedRow } from '../shared/rejected-row.js';
import type { ChangeContext, ChangePlanEntry } from '../watchlist/airframe-change-plan.js';
import type { KnownRegistration, ParsedAirframes, UnresolvedRow } from '../watchlist/import-result.js';
import { OfacSdnReader } from '../watchlist/ofac-sdn-parser.js';
import { resolveOfacAircraft } from '../watchlist/ofac-resolver.js';
import { PLAIN_CSV_READ_OPTIONS, PlainCsvReader } from '../watchlist/plain-csv-parser.js';
import { PlaneAlertDbReader, registrationIndexOf } from '../watchlist/plane-alert-db-parser.js';
import { applyAirframeChanges, planAirframeChanges } from './airframe-changes.js';

export const IMPORT_FORMATS = ['plane-alert-db', 'ofac-sdn', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  resolveFile?: string | undefined;
  /** The file's encoding when it is neither UTF-8 nor UTF-16 (shared/text-encoding.ts); else detected. */
  encoding?: string | undefined;
  dryRun: boolean;
  reactivate: boolean;
  context: ChangeContext;
  /** Caps on the file (config watchlist.import); DEFAULT_CSV_LIMITS if not given. */
  limits?: CsvLimits | undefined;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  reactivated: number;
  keptRemoved: number;
  rejected: number;
  unresolved: number;
}

export interface ImportReport {
  counts: ImportCounts;
  plan: ChangePlanEntry[];
  rejected: RejectedRow[];
  unresolved: UnresolvedRow[];
}

/**
 * Reads a file in the given format as a stream (shared/csv-record-stream.ts: caps, encodings); OFAC tail
 * numbers are resolved through `known`.
 */
export async function readAirframes(
  file: string,
  format: ImportFormat,
  known: Map<string, KnownRegistration>,
  options: { encoding?: string | undefined; limits: CsvLimits },
): Promise<ParsedAirframes> {
  const read = { encoding: options.encoding, limits: options.limits };
  if (format === 'ofac-sdn') {
    const { result, rejected } = await readCsvFileWith(file, new OfacSdnReader(), read);
    const resolved = resolveOfacAircraft(result.aircraft, known);
    const parsed = [...rejected, ...result.rejected].sort((a, b) => a.line - b.line);
    return { rows: resolved.rows, rejected: [...parsed, ...resolved.rejected], unresolved: resolved.unresolved };
  }
  const reader = format === 'csv' ? new PlainCsvReader() : new PlaneAlertDbReader();
  const comments = format === 'csv' ? PLAIN_CSV_READ_OPTIONS.comments : false;
  const { result, rejected } = await readCsvFileWith(file, reader, { ...read, comments });
  return { ...result, rejected: [...rejected, ...result.rejected].sort((a, b) => a.line - b.line) };
}

/** The registration index for OFAC imports: the known airframes, then a plane-alert-db file (which wins). */
async function registrationIndex(
  db: Kysely<Database>,
  resolveFile: string | undefined,
  limits: CsvLimits,
): Promise<Map<string, KnownRegistration>> {
  const index: Map<string, KnownRegistration> = await knownRegistrations(db);
  if (resolveFile) {
    const { result } = await readCsvFileWith(resolveFile, new PlaneAlertDbReader(), { limits });
    for (const [key, value] of registrationIndexOf(result.rows)) index.set(key, value);
  }
  return index;
}

/**
 * Imports a watchlist file: it is read as a stream with caps (shared/csv-limits.ts), then the good rows are
 * planned and written in one audited transaction, and bad rows come back with their line numbers. A file over
 * a cap that stops the read (rows, record length), or in a wrong encoding, imports nothing: the read ends
 * before the transaction starts. A dry run plans the same changes and writes nothing.
 */
export async function importAirframeFile(db: Kysely<Database>, options: ImportOptions): Promise<ImportReport> {
  const limits = options.limits ?? DEFAULT_CSV_LIMITS;
  const known =
    options.format === 'ofac-sdn'
      ? await registrationIndex(db, options.resolveFile, limits)
      : new Map<string, KnownRegistration>();
  const parsed = await readAirframes(options.file, options.format, known, { encoding: options.encoding, limits });
  // The airframe itself is the wanted fields (planChanges reads only those): no copy per row.
  const changes = parsed.rows.map(({ airframe }) => ({
    hex: airframe.hex,
    fields: airframe,
    activate: options.reactivate,
  }));
  const plan = options.dryRun
    ? await planAirframeChanges(db, changes)
    : await applyAirframeChanges(db, changes, options.context);
  const count = (outcome: ChangePlanEntry['outcome']) => plan.filter((entry) => entry.outcome === outcome).length;
  return {
    counts: {
      added: count('added'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      reactivated: count('reactivated'),
      keptRemoved: count('kept_removed'),
      rejected: parsed.rejected.length,
      unresolved: parsed.unresolved.length,
    },
    plan,
    rejected: parsed.rejected,
    unresolved: parsed.unresolved,
  };
}
