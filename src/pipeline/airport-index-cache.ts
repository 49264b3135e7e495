import type { Kysely } from 'kysely';
import { buildAirportIndex } from '../airports/airport-index.js';
import type { AirportIndex } from '../airports/airport.js';
import type { Database } from '../db/database-schema.js';
import { readAirportTablesVersion } from '../store/airport-tables-version.js';
import { allAirports } from '../store/airports-repository.js';
import { allRunways } from '../store/runways-repository.js';

/**
 * The in-memory spatial index over the airports and runways tables, rebuilt when their version stamp
 * changes (store/airport-tables-version.ts: after `tailwatch airports import` or the seed), so a running
 * worker picks up new airports at its next cycle.
 */
export class AirportIndexCache {
  private index: AirportIndex | null = null;
  private version: string | null = null;

  async get(db: Kysely<Database>): Promise<AirportIndex> {
    const version = await readAirportTablesVersion(db);
    if (!this.index || version !== this.version) {
      this.index = buildAirportIndex(await allAirports(db), await allRunways(db));
      this.version = version;
    }
    return this.index;
  }
}
