import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderElection } from '../../src/worker/leader-election.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { backendGone } from '../support/backend-gone.js';

let database: TestDatabase;
let other: TestDatabase;
const elections: LeaderElection[] = [];

function election(url: string, name: string): LeaderElection {
  const created = new LeaderElection({
    url,
    logger: silentLogger,
    applicationName: `tailwatch-leader ${name}`,
    timeoutMs: 2000,
  });
  elections.push(created);
  return created;
}

async function fenceHolds(candidate: LeaderElection): Promise<boolean> {
  try {
    await database.db.transaction().execute((trx) => candidate.fence(trx));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  other = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  for (const e of elections) await e.release();
  await database?.drop();
  await other?.drop();
});

describe('LeaderElection (session advisory lock on its own connection)', () => {
  it('one leader at a time; the lock goes with its connection; the standby takes over at its next check', async () => {
    const a = election(database.url, 'a');
    const b = election(database.url, 'b');
    expect(await a.check()).toEqual({ leader: true, gained: true, lost: false });
    expect(await b.check()).toEqual({ leader: false, gained: false, lost: false });
    expect(await a.check()).toEqual({ leader: true, gained: false, lost: false });
    expect(await fenceHolds(a)).toBe(true);
    expect(await fenceHolds(b)).toBe(false);

    // The leader's connection dies (server restart, network, the process killed).
    const pid = a.leaderBackendPid!;
    await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
    await backendGone(database.db, pid); // terminate only signals it: the lock is released when the backend has exited
    expect(await fenceHolds(a)).toBe(false);
    expect(await b.check()).toEqual({ leader: true, gained: true, lost: false });
    const again = await a.check();
    expect(again.leader).toBe(false);
    expect(again.lost).toBe(true);
    expect(await fenceHolds(a)).toBe(false);
    expect(await fenceHolds(b)).toBe(true);

    // A clean stop hands over at once.
    await b.release();
    expect(b.isLeader).toBe(false);
    expect((await a.check()).gained).toBe(true);
  });

  it('is per database: a worker on another database of the same server leads there', async () => {
    const here = election(database.url, 'here');
    const there = election(other.url, 'there');
    await here.check();
    expect((await there.check()).leader).toBe(true);
  });

  it('cannot lead without a database, and says so instead of throwing', async () => {
    const url = new URL(database.url);
    url.pathname = '/tailwatch_no_such_database';
    const nowhere = election(url.toString(), 'nowhere');
    expect(await nowhere.check()).toEqual({ leader: false, gained: false, lost: false });
  });
});
