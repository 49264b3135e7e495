import type { Kysely } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import { activeWatchlist } from '../watchlist/airframe-repository.js';

export interface PollCycleDependencies {
  db: Kysely<Database>;
  config: Readonly<TailwatchConfig>;
  logger: Logger;
}

/** One poll cycle. Reads the watchlist afresh every time, so list edits apply at the next poll. */
export function createPollCycle(deps: PollCycleDependencies): () => Promise<void> {
  return async () => {
    const watchlist = await activeWatchlist(deps.db);
    deps.logger.info({ airframes: watchlist.length }, 'poll cycle');
  };
}
