import type { Kysely } from 'kysely';
import { readInputFile } from '../shared/read-input-file.js';
import type { Database } from '../db/database-schema.js';
import { knownRegistrations } from '../store/airframes-repository.js';
import type { RejectedRow } from '../shared/rejected-row.js';
import type { ChangeContext, ChangePlanEntry } from '../watchlist/airframe-change-plan.js';
import type { KnownRegistration, ParsedAirframes, UnresolvedRow } from '../watchlist/import-result.js';
import { parseOfacSdn } from '../watchlist/ofac-sdn-parser.js';
import { resolveOfacAircraft } from '../watchlist/ofac-resolver.js';
import { parsePlainCsv } from '../watchlist/plain-csv-parser.js';
import { parsePlaneAlertDb, registrationIndexFromPlaneAlertDb } from '../watchlist/plane-alert-db-parser.js';
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

/** Parses a text in the given format; OFAC tail numbers are resolved through `known`. */
export function parseAirframes(
  text: string,
  format: ImportFormat,
  known: Map<string, KnownRegistration>,
): ParsedAirframes {
  if (format === 'plane-alert-db') return parsePlaneAlertDb(text);
  if (format === 'csv') return parsePlainCsv(text);
  const { aircraft, rejected } = parseOfacSdn(text);
  const resolved = resolveOfacAircraft(aircraft, known);
  return { rows: resolved.rows, rejected: [...rejected, ...resolved.rejected], unresolved: resolved.unresolved };
}

/** The registration index for OFAC imports: the known airframes, then a plane-alert-db file (which wins). */
async function registrationIndex(
  db: Kysely<Database>,
  resolveFile: string | undefined,
): Promise<Map<string, KnownRegistration>> {
  const index: Map<string, KnownRegistration> = await knownRegistrations(db);
  if (resolveFile) {
    for (const [key, value] of registrationIndexFromPlaneAlertDb(await readInputFile(resolveFile)))
      index.set(key, value);
  }
  return index;
}

/**
 * Imports a watchlist file: good rows are planned and written in one audited transaction, bad rows
 * come back with their line numbers. A dry run plans the same changes and writes nothing.
 */
export async function importAirframeFile(db: Kysely<Database>, options: ImportOptions): Promise<ImportReport> {
  const text = await readInputFile(options.file, options.encoding);
  const known =
    options.format === 'ofac-sdn'
      ? await registrationIndex(db, options.resolveFile)
      : new Map<string, KnownRegistration>();
  const parsed = parseAirframes(text, options.format, known);
  const changes = parsed.rows.map(({ airframe }) => ({
    hex: airframe.hex,
    fields: {
      registration: airframe.registration,
      typeCode: airframe.typeCode,
      operator: airframe.operator,
      reason: airframe.reason,
      source: airframe.source,
    },
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
