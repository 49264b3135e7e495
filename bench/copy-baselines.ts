import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from '../src/db/database-schema.js';

/** The columns a replay stores into positions (heard_by aside), in the order the COPY baselines use. */
export const POSITION_COLUMNS =
  'hex, observed_at, lat, lon, alt_baro_ft, on_ground, ground_speed_kt, track_deg, ' +
  'vertical_rate_fpm, squawk, callsign, source, matched_by';

/** The plain keyed table of issue 13's baseline: created by the bench, dropped by it. */
export const PLAIN_KEYED_TABLE = 'bench_copy_plain_keyed';

/**
 * A regular (not partitioned) table with the types positions gives POSITION_COLUMNS and its NOT NULLs,
 * keyed on (hex, observed_at), and nothing else: no CHECK, no BRIN, no partition routing.
 */
export async function createPlainKeyedTable(db: Kysely<Database>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE IF NOT EXISTS ${PLAIN_KEYED_TABLE} (
        hex text NOT NULL, observed_at timestamptz NOT NULL, lat double precision NOT NULL,
        lon double precision NOT NULL, alt_baro_ft integer, on_ground boolean NOT NULL, ground_speed_kt real,
        track_deg real, vertical_rate_fpm integer, squawk text, callsign text, source text NOT NULL,
        matched_by text NOT NULL, PRIMARY KEY (hex, observed_at))`,
    )
    .execute(db);
}

export async function dropPlainKeyedTable(db: Kysely<Database>): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${PLAIN_KEYED_TABLE}`).execute(db);
}

/** Copies positions out as COPY text (untimed), to load the very same rows back in. */
export async function exportPositions(url: string): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const chunks: Buffer[] = [];
  try {
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${POSITION_COLUMNS} FROM positions) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
  } finally {
    await client.end();
  }
  return chunks;
}

/** COPY (text format) of the rows into `table`, in one transaction, on a new connection. */
export async function copyIn(url: string, table: string, chunks: readonly Buffer[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (${POSITION_COLUMNS}) FROM STDIN`)));
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
