import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { boundLiteral, type PositionMonth, positionMonthNamed } from './position-months.js';

/** Rows whose month has no partition go here (see the partitioned-positions migration). */
export const DEFAULT_POSITIONS_PARTITION = 'positions_default';

/** The names of the partitions of `positions` (monthly ones and the default), oldest month first. */
export async function listPositionPartitions(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'positions'::regclass ORDER BY c.relname`.execute(db);
  return result.rows.map((row) => row.name);
}

/**
 * Creates the monthly partitions of `positions` that a cycle needs, before it inserts. Months already
 * known to exist are skipped without a query, so a steady cycle costs nothing here; a new month costs
 * one short transaction, normally a month ahead of its first row (see monthsNeeded).
 *
 * Rows that reached the default partition before their month existed are moved into the new month.
 * Two processes never collide: creation runs under an advisory lock and re-checks. When a lock cannot
 * be had quickly (e.g. a long analyst query), creation is skipped and retried next cycle; meanwhile the
 * rows go to the default partition, so an insert never fails for lack of a partition.
 */
export class PositionPartitions {
  private readonly known = new Set<string>();

  constructor(private readonly logger?: Logger) {}

  async ensure(db: Kysely<Database>, months: readonly PositionMonth[]): Promise<string[]> {
    const missing = months.filter((month) => !this.known.has(month.name));
    if (!missing.length) return [];
    const created: string[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL lock_timeout = '3s'`.execute(trx);
        await sql`SELECT pg_advisory_xact_lock(hashtext('tailwatch.positions.partitions'))`.execute(trx);
        const existing = await sql<{ name: string }>`
          SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'positions'::regclass AND c.relname = ANY(${missing.map((m) => m.name)}::text[])`.execute(
          trx,
        );
        const exists = new Set(existing.rows.map((row) => row.name));
        for (const month of missing) {
          if (exists.has(month.name)) continue;
          await createMonth(trx, month);
          created.push(month.name);
        }
      });
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error; // lock_not_available
      this.logger?.warn(
        { months: missing.map((m) => m.name) },
        'could not lock positions to add monthly partitions; rows go to the default partition ' +
          'and creation is retried next cycle',
      );
      return [];
    }
    for (const month of missing) this.known.add(month.name);
    if (created.length) this.logger?.info({ partitions: created }, 'created monthly positions partitions');
    return created;
  }

  /** Forget what is known to exist (e.g. after a prune in this process). */
  forget(): void {
    this.known.clear();
  }
}

async function createMonth(db: Kysely<Database>, month: PositionMonth): Promise<void> {
  const name = sql.id(month.name);
  const from = boundLiteral(month.fromMs);
  const to = boundLiteral(month.toMs);
  const stranded = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.id(DEFAULT_POSITIONS_PARTITION)}
    WHERE observed_at >= ${from}::timestamptz AND observed_at < ${to}::timestamptz`.execute(db);
  if ((stranded.rows[0]?.n ?? 0) === 0) {
    await sql`CREATE TABLE ${name} PARTITION OF positions
       FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(to)})`.execute(db);
    return;
  }
  // The default partition holds rows of this month: move them into a new table, then attach it.
  await sql`CREATE TABLE ${name} (LIKE positions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(db);
  await sql`
    WITH moved AS (
      DELETE FROM ${sql.id(DEFAULT_POSITIONS_PARTITION)} WHERE observed_at >= ${from}::timestamptz
         AND observed_at < ${to}::timestamptz RETURNING *
    )
    INSERT INTO ${name} SELECT * FROM moved`.execute(db);
  await sql`ALTER TABLE positions ATTACH PARTITION ${name}
     FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(to)})`.execute(db);
}

export interface DroppedPartition {
  name: string;
  rows: number;
  bytes: number;
}

/** Size and row count of a partition, for `prune --dry-run` and the prune report. */
export async function partitionFootprint(db: Kysely<Database>, name: string): Promise<DroppedPartition> {
  const result = await sql<{ rows: string; bytes: string }>`
    SELECT (SELECT count(*) FROM ${sql.id(name)}) AS rows, pg_total_relation_size(${name}::regclass) AS bytes`.execute(
    db,
  );
  const row = result.rows[0];
  return { name, rows: Number(row?.rows ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/**
 * How prune waits for its locks. DETACH takes an exclusive lock on `positions`: queued behind an
 * analyst's open transaction it would hold up every reader and the worker's COPY behind it. So each
 * attempt gives up after `lockTimeoutMs` (the queue clears at once) and is tried again after a pause.
 */
export interface PruneLocking {
  lockTimeoutMs: number;
  attempts: number;
  /** Pause between attempts (doubles each time). */
  pauseMs: number;
}

export const DEFAULT_PRUNE_LOCKING: PruneLocking = Object.freeze({ lockTimeoutMs: 3_000, attempts: 5, pauseMs: 2_000 });

const LOCK_NOT_AVAILABLE = '55P03';

/** Runs one short transaction under lock_timeout, again after a pause while the lock is not to be had. */
async function withLockRetries<T>(
  db: Kysely<Database>,
  what: string,
  locking: PruneLocking,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('lock_timeout', ${`${locking.lockTimeoutMs}ms`}, true)`.execute(trx);
        return work(trx);
      });
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      if (attempt >= locking.attempts)
        throw new TailwatchError(
          'DB_LOCK_TIMEOUT',
          `Could not lock ${what} within ${locking.lockTimeoutMs} ms, ${locking.attempts} times: another session ` +
            `holds it (an analyst's open transaction or a long query?). Nothing of this step was changed. ` +
            `Run prune again later; find the session with ` +
            `SELECT pid, usename, state, xact_start FROM pg_stat_activity WHERE state <> 'idle'.`,
          { what, attempts: locking.attempts },
          { cause: error },
        );
      await new Promise((resolve) => setTimeout(resolve, locking.pauseMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Detaches and drops one monthly partition (never the default one), in one short transaction that
 * waits at most `locking.lockTimeoutMs` for its lock and is retried (DB_LOCK_TIMEOUT when it never gets it).
 */
export async function dropPositionPartition(
  db: Kysely<Database>,
  name: string,
  locking: PruneLocking = DEFAULT_PRUNE_LOCKING,
): Promise<void> {
  if (positionMonthNamed(name) === null)
    throw new TailwatchError(
      'USAGE',
      `${name} is not a monthly positions partition (positions_yYYYYmMM); only those are dropped.`,
    );
  await withLockRetries(db, `positions to drop ${name}`, locking, async (trx) => {
    await sql`ALTER TABLE positions DETACH PARTITION ${sql.id(name)}`.execute(trx);
    await sql`DROP TABLE ${sql.id(name)}`.execute(trx);
  });
}

/** Deletes default-partition rows older than the cutoff (rows whose month never got a partition). */
export async function pruneDefaultPartition(
  db: Kysely<Database>,
  cutoffMs: number,
  dryRun: boolean,
  locking: PruneLocking = DEFAULT_PRUNE_LOCKING,
): Promise<number> {
  const cutoff = new Date(cutoffMs).toISOString();
  const table = sql.id(DEFAULT_POSITIONS_PARTITION);
  if (dryRun) {
    const counted = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${table} WHERE observed_at < ${cutoff}::timestamptz`.execute(db);
    return counted.rows[0]?.n ?? 0;
  }
  return withLockRetries(db, DEFAULT_POSITIONS_PARTITION, locking, async (trx) => {
    const result = await sql<{
      n: number;
    }>`WITH gone AS (DELETE FROM ${table} WHERE observed_at < ${cutoff}::timestamptz RETURNING 1)
       SELECT count(*)::int AS n FROM gone`.execute(trx);
    return result.rows[0]?.n ?? 0;
  });
}
