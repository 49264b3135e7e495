import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTransaction } from '../../src/db/client-transaction.js';
import { CopyBinaryWriter, copyBinaryHeader, copyBinaryTrailer } from '../../src/db/copy-binary.js';
import { copyRows } from '../../src/db/copy-rows.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  await sql`CREATE TABLE copy_probe (n int4, t text, at timestamptz, d float8, r real, i int4, b bool)`.execute(
    database.db,
  );
});
afterAll(async () => {
  await database.drop();
});

interface Probe {
  n: number;
  t: string | null;
  at: number | null;
  d: number | null;
  r: number | null;
  i: number | null;
  b: boolean | null;
}

const PROBES: Probe[] = [
  { n: 1, t: 'RSD063', at: Date.UTC(2025, 9, 29, 14, 44, 1, 234), d: 12.345678901234567, r: 431.7, i: -64, b: true },
  { n: 2, t: null, at: null, d: null, r: null, i: null, b: null },
  // before PostgreSQL's epoch
  { n: 3, t: '', at: Date.UTC(1999, 11, 31, 23, 59, 59, 999), d: -180, r: 0.1, i: 2.5, b: false },
  // far past 2038
  { n: 4, t: 'ünïcödé ✈ 🛩 \t\n\\', at: Date.UTC(2100, 0, 1, 0, 0, 0, 1), d: 5e-324, r: -3.4e38, i: -2.5, b: true },
  // a row bigger than a chunk buffer
  { n: 5, t: 'x'.repeat(100_000), at: 0, d: -0.000001, r: 359.99, i: 2_147_483_647, b: false },
];

describe('binary COPY', () => {
  it(
    'stores what the text form would: exact doubles and times, float4 and integer rounding, ' +
      'nulls, any text, rows of any size',
    async () => {
      const writer = new CopyBinaryWriter();
      for (const p of PROBES) {
        writer.row(7, p.t?.length ?? 0);
        writer.int4(p.n);
        writer.text(p.t);
        writer.timestamp(p.at);
        writer.float8(p.d);
        writer.float4(p.r);
        writer.int4(p.i);
        writer.bool(p.b);
      }
      const copied = await clientTransaction(database.db, (_trx, client) =>
        copyRows(client, 'COPY copy_probe (n, t, at, d, r, i, b) FROM STDIN (FORMAT binary)', [
          copyBinaryHeader(),
          writer.take(),
          copyBinaryTrailer(),
        ]),
      );
      expect(copied).toBe(PROBES.length);
      const rows = await sql<{
        n: number;
        t: string | null;
        at: Date | null;
        d: number | null;
        r: string | null;
        i: number | null;
        b: boolean | null;
        same_r: boolean | null;
      }>`
      SELECT n, t, at, d, r::text AS r, i, b,
         r = (${PROBES.map((p) => (p.r === null ? null : String(p.r)))}::text[])[n]::real AS same_r
         FROM copy_probe ORDER BY n`.execute(database.db);
      expect(rows.rows.map((r) => [r.n, r.t, r.at?.getTime() ?? null, r.d, r.i, r.b])).toEqual(
        PROBES.map((p) => [p.n, p.t, p.at, p.d, p.i === null ? null : Math.round(p.i), p.b]),
      );
      // A real holds what PostgreSQL's own text input makes of the same number.
      expect(rows.rows.map((r) => r.same_r)).toEqual(PROBES.map((p) => (p.r === null ? null : true)));
    },
  );
});
