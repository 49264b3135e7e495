import { afterAll, beforeAll } from 'vitest';
import { addFaultAirframe } from './fault-scenario.js';
import { startFeedServer, type FeedServer } from './feed-server.js';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * What a resilience test runs against: its own database (with the fault airframe), a feed server and an SMTP
 * server.
 */
export interface FaultRig {
  database: TestDatabase;
  feed: FeedServer;
  smtp: SmtpTestServer;
}

/** Sets the rig up before the file's tests and tears it down after them; its fields are filled in beforeAll. */
export function useFaultRig(): FaultRig {
  const rig = {} as FaultRig;
  beforeAll(async () => {
    rig.database = await createTestDatabase();
    await addFaultAirframe(rig.database.db);
    rig.feed = await startFeedServer();
    rig.smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await rig.feed?.close();
    await rig.smtp?.close();
    await rig.database?.drop();
  });
  return rig;
}
