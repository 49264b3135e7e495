import type { Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/database-schema.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { Logger } from '../log/create-logger.js';
import {
  leaderLockHeldBy,
  sessionBackendPid,
  sessionHoldsLeaderLock,
  tryTakeLeaderLock,
} from '../store/leader-lock-repository.js';

export interface LeadershipCheck {
  leader: boolean;
  /** True when this check made the process leader (first time, or again after losing it). */
  gained: boolean;
  /** True when this check found leadership lost since the last one. */
  lost: boolean;
}

export interface LeaderElectionOptions {
  /** The database URL (with its password; never logged). */
  url: string;
  logger: Logger;
  /** application_name of the lock's connection. */
  applicationName?: string;
  /** Connect and query timeout of the lock's connection. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Postgres session advisory-lock leadership on a dedicated connection. `check()` runs before every
 * cycle: a standby tries to take the lock, the leader verifies that its connection still holds it.
 * When that connection dies (server restart, network, the leader killed), the server releases the
 * lock: the old leader finds out at its next check and the standby takes over at its next one.
 */
export class LeaderElection {
  private client: pg.Client | null = null;
  private backendPid: number | null = null;
  private leader = false;
  private readonly log: Logger;
  private readonly timeoutMs: number;

  constructor(private readonly options: LeaderElectionOptions) {
    this.log = options.logger.child({ module: 'leader' });
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** The server process id of the lock's connection while leader (for status and the fence). */
  get leaderBackendPid(): number | null {
    return this.leader ? this.backendPid : null;
  }

  async check(): Promise<LeadershipCheck> {
    const was = this.leader;
    let held = false;
    let gained = false;
    try {
      const client = await this.connection();
      if (was) held = await sessionHoldsLeaderLock(client);
      if (!held) {
        held = await tryTakeLeaderLock(client);
        gained = held;
      }
    } catch (error) {
      this.log.warn(
        { err: error },
        was
          ? 'lost the leadership connection; will reconnect and try again at the next cycle'
          : 'cannot reach the database to check leadership; will try again at the next cycle',
      );
      await this.dropConnection();
      held = false;
    }
    // Regaining the lock on a new connection counts as lost and gained: another worker may have polled.
    const lost = was && (!held || gained);
    this.leader = held;
    // The caller reports gains and losses (the worker's leader-acquired and leader-lost events).
    return { leader: held, gained, lost };
  }

  /**
   * Inside a cycle's transaction: fails it unless this process's lock connection still holds the
   * lock, so a worker that lost leadership mid-cycle never commits a cycle beside the new leader.
   */
  async fence(trx: Transaction<Database>): Promise<void> {
    const pid = this.leaderBackendPid;
    const held = pid !== null && (await leaderLockHeldBy(trx, pid));
    if (!held) {
      // The next check() finds out, logs the loss and tries to take the lock again.
      throw new TailwatchError(
        'LEADERSHIP_LOST',
        'This worker no longer holds the poll leadership: its cycle is rolled back, ' +
          'the current leader polls, and this worker takes over again only when it gets the lock.',
      );
    }
  }

  /** Releases the lock (closing its connection) so a standby takes over at its next cycle. */
  async release(): Promise<void> {
    if (this.leader) this.log.info('releasing leadership');
    this.leader = false;
    await this.dropConnection();
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'tailwatch-leader',
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      keepAlive: true,
      // The server notices a leader whose machine vanished (no FIN) within about 30 s and frees the lock.
      options: '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=4',
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'the leadership connection failed');
      if (this.client === client) {
        this.client = null;
        this.backendPid = null;
        void client.end().catch(() => {});
      }
    });
    try {
      await client.connect();
      this.backendPid = await sessionBackendPid(client);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return client;
  }

  private async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.backendPid = null;
    if (client) await client.end().catch(() => {});
  }
}
