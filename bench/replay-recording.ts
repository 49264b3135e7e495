import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database-schema.js';
import { formatRecordedLine } from '../src/feeds/recorded-line.js';
import { benchHex, SyntheticTraffic } from './synthetic-traffic.js';

/**
 * The synthetic polls as a recording, one `poll --record` line per poll (a `/point` response of the
 * area purpose covering the whole Earth, provider "replay" so that `source` is what a bare response
 * gives), in a new temporary directory. Untimed.
 */
export function writeRecording(aircraft: number, polls: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tailwatch-bench-replay-')), 'polls.jsonl');
  const traffic = new SyntheticTraffic(aircraft, Date.UTC(2025, 5, 1), 21);
  const fd = openSync(file, 'w');
  try {
    for (let p = 0; p < polls; p++) {
      const line = formatRecordedLine({
        provider: 'replay',
        // A circle around the whole Earth (half its circumference, 10,800 nm): the traffic is global, and a row
        // counts for a response's purpose only inside the circle it asked for (feeds/feed-purpose.ts).
        path: '/point/0/0/11000',
        purpose: 'area',
        fetchedAtMs: traffic.nowMs,
        response: traffic.response(),
      });
      writeSync(fd, `${line}\n`);
      traffic.step();
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * Puts the first `count` aircraft of the synthetic traffic on the watchlist (those not on it yet), so
 * that every one of them is tracked. Returns the undo: removes the airframes it added.
 */
export async function listTraffic(db: Kysely<Database>, count: number): Promise<() => Promise<void>> {
  const hexes = Array.from({ length: count }, (_, i) => benchHex(i));
  const added = await sql<{ hex: string }>`
    INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
    SELECT h, 'BENCH-R' || n, 'B738', 'Bench Air', 'benchmark replay', 'csv'
    FROM unnest(${hexes}::text[]) WITH ORDINALITY AS t(h, n)
    ON CONFLICT (hex) DO NOTHING
    RETURNING hex`.execute(db);
  const addedHexes = added.rows.map((r) => r.hex);
  return async () => {
    if (addedHexes.length) await sql`DELETE FROM airframes WHERE hex = ANY(${addedHexes}::text[])`.execute(db);
  };
}
