import type { Kysely } from 'kysely';
import { buildAirportIndex } from '../airports/airport-index.js';
import type { AirportIndex } from '../airports/airport.js';
import type { Database } from '../db/database-schema.js';
import { allAirports, countAirports } from '../store/airports-repository.js';
import { allRunways, countRunways } from '../store/runways-repository.js';

/**
 * The in-memory spatial index over the airports and runways tables, rebuilt when either table's size changes
 * (e.g. after `tailwatch airports import`), so a running worker picks up new airports.
 */
export class AirportIndexCache {
  private index: AirportIndex | null = null;
  private size = -1;

  async get(db: Kysely<Database>): Promise<AirportIndex> {
    const size = (await countAirports(db)) * 1_000_000 + (await countRunways(db));
    if (!this.index || size !== this.size) {
      this.index = buildAirportIndex(await allAirports(db), await allRunways(db));
      this.size = size;
    }
    return this.index;
  }
}
