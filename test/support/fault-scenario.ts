import { type Kysely, sql } from 'kysely';
import type { TailwatchConfig } from '../../src/config/config-schema.js';
import type { Database } from '../../src/db/database-schema.js';
import { createPollCycle } from '../../src/pipeline/poll-cycle.js';
import { createAlertHooks } from '../../src/alerts/alert-cycle-hooks.js';
import type { FeedWorld, WorldStep } from './feed-world.js';
import { startFeedServer } from './feed-server.js';
import { feedClientFor } from './feed-test-client.js';
import { pollSteps, pollThrough } from './poll-world.js';
import { writeTestConfig } from './run-cli.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';
import { MUHA, MUVR } from './test-airports.js';
import { generateFlights } from './trajectory-generator.js';

/**
 * The fault tests' scenario: RA-78765 (on the list) flies MUHA -> MUVR, both watched, polled every
 * 2 minutes of data time: 21 steps, a departure and an arrival alert. A run with faults must end with
 * exactly what a run without them stores (`referenceSummary`).
 */
export const FAULT_HEX = '1533ad';
export const FAULT_AIRPORTS = ['MUHA', 'MUVR'];

export function faultScenarioSteps(): WorldStep[] {
  const { sightings } = generateFlights([
    {
      hex: FAULT_HEX,
      callsign: 'AZS8765',
      registration: 'RA-78765',
      typeCode: 'IL76',
      from: MUHA,
      to: MUVR,
      departAt: Date.UTC(2025, 9, 30, 9, 0),
      seed: 11,
    },
  ]);
  return pollSteps(sightings, 120_000);
}

export async function addFaultAirframe(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('airframes')
    .values({
      hex: FAULT_HEX,
      registration: 'RA-78765',
      type_code: 'IL76',
      operator: 'Aviacon Zitotrans',
      reason: 'OFAC SDN',
      source: 'test',
    })
    .execute();
}

/** Where the fault scenario's alerts go: SMTP (else .eml files in mailDir), and a webhook receiver. */
export interface FaultExtras {
  smtpUrl?: string;
  mailDir?: string;
  webhookUrl?: string;
}

/** Settings shared by the spawned workers and the reference run. */
export function faultSettings(
  feedUrls: readonly string[],
  extra: FaultExtras = {},
): Record<string, Record<string, unknown>> {
  return {
    feeds: { urls: [...feedUrls], requestsPerSecond: 100, timeoutMs: 5000, retries: 0 },
    watch: { airports: FAULT_AIRPORTS },
    watchlist: { defaultFile: null },
    alerts: {
      to: ['osint@example.org'],
      throttleSeconds: 0,
      retryEverySeconds: 1,
      smtpTimeoutSeconds: 5,
      backoff: { initialSeconds: 0, maxSeconds: 1, maxAttempts: 50 },
      ...(extra.smtpUrl ? { smtpUrl: extra.smtpUrl } : {}),
      ...(extra.mailDir ? { mailDir: extra.mailDir } : {}),
      ...(extra.webhookUrl ? { webhookUrl: extra.webhookUrl } : {}),
    },
  };
}

/** A config file for a spawned worker: every poll each second, JSON logs at info. */
export function workerConfigFile(databaseUrl: string, feedUrls: readonly string[], extra: FaultExtras = {}): string {
  return writeTestConfig(databaseUrl, {
    ...faultSettings(feedUrls, extra),
    poll: { schedule: '* * * * * *' },
    log: { level: 'info', format: 'json' },
  });
}

/** The in-process twin of workerConfigFile, for startWorker: the same settings, polling every second. */
export function workerConfig(
  databaseUrl: string,
  feedUrls: readonly string[],
  extra: FaultExtras = {},
): Readonly<TailwatchConfig> {
  return testConfig(databaseUrl, { ...faultSettings(feedUrls, extra), poll: { schedule: '* * * * * *' } });
}

export interface StoredSummary {
  positions: number;
  distinctPositions: number;
  legs: string[];
  gaps: string[];
  events: string[];
  alerts: string[];
}

/** What a run stored, as comparable lines (ids and wall-clock columns left out). */
export async function summarize(db: Kysely<Database>): Promise<StoredSummary> {
  const lines = async (query: ReturnType<typeof sql<{ line: string }>>) =>
    (await query.execute(db)).rows.map((r) => r.line);
  const counts = (
    await sql<{
      n: number;
      d: number;
    }>`SELECT count(*)::int AS n, count(DISTINCT (hex, observed_at))::int AS d FROM positions`.execute(db)
  ).rows[0]!;
  return {
    positions: counts.n,
    distinctPositions: counts.d,
    legs: await lines(
      sql`SELECT concat_ws('|', leg_key, hex, departure_airport, departed_at, arrival_airport,
         arrived_at, arrival_inferred, status) AS line FROM legs ORDER BY 1`,
    ),
    gaps: await lines(
      sql`SELECT concat_ws('|', gap_key, hex, started_at, ended_at) AS line FROM transponder_gaps ORDER BY 1`,
    ),
    events: await lines(
      sql`SELECT concat_ws('|', event_key, kind, hex, at, airport) AS line FROM track_events ORDER BY 1`,
    ),
    alerts: await lines(
      sql`SELECT concat_ws('|', dedupe_key, rule, hex, airport, event_at) AS line FROM alerts ORDER BY 1`,
    ),
  };
}

/** The scenario polled in-process without any fault, on a database of its own (dropped afterwards). */
export async function referenceSummary(): Promise<StoredSummary> {
  const database = await createTestDatabase();
  const feed = await startFeedServer();
  try {
    await addFaultAirframe(database.db);
    const config = testConfig(database.url, faultSettings([feed.url]));
    const { client } = feedClientFor([feed], { requestsPerSecond: 1000 });
    const cycle = createPollCycle({
      db: database.db,
      config,
      logger: silentLogger,
      feedClient: client,
      hooks: createAlertHooks({ config, logger: silentLogger, delivery: null }),
    });
    await pollThrough(feed.world, faultScenarioSteps(), cycle);
    return await summarize(database.db);
  } finally {
    await feed.close();
    await database.drop();
  }
}

/**
 * Moves the fake feeds' world one step on each time a poll cycle commits with every request answered
 * (a new `ok` poll_cycles row), as time passes for a real poller. A cycle that rolled back, or lost a
 * request to a slow machine, sees the same step again, so every run sees every step.
 */
export class StepDriver {
  private index = 0;
  private committed = 0;
  private timer: NodeJS.Timeout | null = null;
  private resolveDone: () => void = () => {};
  /** Resolves once a cycle has committed on the last step. */
  readonly done: Promise<void>;

  constructor(
    private readonly world: FeedWorld,
    private readonly steps: readonly WorldStep[],
    private readonly db: Kysely<Database>,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    world.set(steps[0]!);
  }

  get step(): number {
    return this.index;
  }

  start(): void {
    const tick = async () => {
      const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM poll_cycles WHERE status = 'ok'`
        .execute(this.db)
        .catch(() => null);
      const n = row?.rows[0]?.n;
      if (n !== undefined && n > this.committed) {
        this.committed = n;
        if (this.index === this.steps.length - 1) {
          this.stop();
          this.resolveDone();
          return;
        }
        this.index += 1;
        this.world.set(this.steps[this.index]!);
      }
      if (this.timer) this.timer = setTimeout(() => void tick(), 25);
    };
    this.timer = setTimeout(() => void tick(), 25);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
