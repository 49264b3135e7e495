import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Sends COPY data (chunks of whole rows in the statement's format, e.g. binary from copy-binary.ts,
 * pulled as the stream drains) with `statement` (`COPY t (cols) FROM STDIN ...`) on a raw pg client,
 * inside whatever transaction the client is in. Returns the rows copied.
 * Rejects with the server's error (e.g. 23505 unique_violation) after which the client is usable again
 * (the transaction is aborted, or only a savepoint if one was set).
 */
export async function copyRows(
  client: pg.PoolClient,
  statement: string,
  chunks: Iterable<string | Buffer>,
): Promise<number> {
  const stream = client.query(copyFrom(statement));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
