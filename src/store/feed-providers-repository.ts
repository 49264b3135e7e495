import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { providersOf, type Sighting } from '../tracking/sighting.js';

/** Bit of every provider name first stored after bits 0 to 13 were taken (see the providers-heard-by migration). */
export const OTHER_PROVIDERS_BIT = 14;
const LAST_NAMED_BIT = 13;

async function readBits(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await sql<{ bit: number; name: string }>`SELECT bit, name FROM feed_providers`.execute(db);
  return new Map(rows.rows.map((row) => [row.name, row.bit]));
}

/**
 * The bit of each provider name in positions.heard_by, registering the names not seen before (the next
 * free bit up to 13, then the shared bit 14). Runs outside the cycle's transaction, under a table lock,
 * so that two writers registering the same name agree on its bit.
 */
export async function feedProviderBits(db: Kysely<Database>, names: Iterable<string>): Promise<Map<string, number>> {
  let bits = await readBits(db);
  const missing = [...new Set(names)].filter((name) => !bits.has(name)).sort();
  if (missing.length === 0) return bits;
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE feed_providers IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    bits = await readBits(trx);
    const taken = new Set(bits.values());
    for (const name of missing) {
      if (bits.has(name)) continue;
      let bit = 0;
      while (bit <= LAST_NAMED_BIT && taken.has(bit)) bit += 1;
      if (bit > LAST_NAMED_BIT) {
        bits.set(name, OTHER_PROVIDERS_BIT);
        continue;
      }
      await sql`INSERT INTO feed_providers (bit, name) VALUES (${bit}, ${name})`.execute(trx);
      taken.add(bit);
      bits.set(name, bit);
    }
  });
  return bits;
}

/**
 * The heard_by masks of a writer: provider names to bits, read once and registered as new names appear.
 * `ensure` before a cycle's transaction, then `maskOf` for each stored position.
 */
export class FeedProviderBits {
  private bits = new Map<string, number>();

  async ensure(db: Kysely<Database>, sightings: readonly Sighting[]): Promise<void> {
    const names = new Set<string>();
    for (const sighting of sightings) for (const name of providersOf(sighting)) names.add(name);
    if ([...names].every((name) => this.bits.has(name))) return;
    this.bits = await feedProviderBits(db, names);
  }

  /** The mask of the providers that reported a position (ensured before). */
  readonly maskOf = (sighting: Sighting): number => {
    let mask = 0;
    for (const name of providersOf(sighting)) mask |= 1 << (this.bits.get(name) ?? OTHER_PROVIDERS_BIT);
    return mask;
  };
}
