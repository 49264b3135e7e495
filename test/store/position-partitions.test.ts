import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMigrator, migrateToLatest } from '../../src/db/run-migrations.js';
import { positionMonthOf } from '../../src/store/position-months.js';
import {
  dropPositionPartition,
  listPositionPartitions,
  PositionPartitions,
} from '../../src/store/position-partitions-repository.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

type Db = TestDatabase['db'];

async function insertPosition(db: Db, hex: string, observedAt: string): Promise<void> {
  await sql`
    INSERT INTO positions (hex, observed_at, lat, lon, alt_baro_ft, on_ground,
       ground_speed_kt, track_deg, vertical_rate_fpm, squawk, callsign, source, matched_by)
    VALUES (${hex}, ${observedAt}::timestamptz, 23.0089, -82.4092, NULL, true,
       3.5, 90, NULL, '2000', 'AZS1234', 'api.adsb.lol', 'watchlist')`.execute(db);
}

async function rowsIn(db: Db, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

async function partitionOf(db: Db, hex: string, observedAt: string): Promise<string> {
  const result = await sql<{
    p: string;
  }>`SELECT tableoid::regclass::text AS p FROM positions
     WHERE hex = ${hex} AND observed_at = ${observedAt}::timestamptz`.execute(db);
  return result.rows[0]?.p ?? 'missing';
}

describe('partitioned positions', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('is partitioned by range of observed_at, keyed by (hex, observed_at), with a default partition', async () => {
    const kind = await sql<{ strategy: string; key: string }>`
      SELECT pt.partstrat AS strategy, pg_get_partkeydef('positions'::regclass) AS key
         FROM pg_partitioned_table pt WHERE pt.partrelid = 'positions'::regclass`.execute(database.db);
    expect(kind.rows[0]).toEqual({ strategy: 'r', key: 'RANGE (observed_at)' });
    const pk = await sql<{
      def: string;
    }>`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'positions'::regclass AND contype = 'p'`.execute(database.db);
    expect(pk.rows[0]?.def).toBe('PRIMARY KEY (hex, observed_at)');
    expect(await listPositionPartitions(database.db)).toContain('positions_default');
  });

  it('a row of a month without a partition lands in the default one, and moves when its month is created', async () => {
    await insertPosition(database.db, '1533ad', '2025-10-28T14:00:00Z');
    expect(await partitionOf(database.db, '1533ad', '2025-10-28T14:00:00Z')).toBe('positions_default');

    const partitions = new PositionPartitions();
    const created = await partitions.ensure(database.db, [
      positionMonthOf(Date.parse('2025-10-28T14:00:00Z')),
      positionMonthOf(Date.parse('2025-11-02T00:00:00Z')),
    ]);
    expect(created).toEqual(['positions_y2025m10', 'positions_y2025m11']);
    expect(await partitionOf(database.db, '1533ad', '2025-10-28T14:00:00Z')).toBe('positions_y2025m10');
    expect(await rowsIn(database.db, 'positions_default')).toBe(0);

    await insertPosition(database.db, '1533ad', '2025-11-02T00:00:00Z');
    expect(await partitionOf(database.db, '1533ad', '2025-11-02T00:00:00Z')).toBe('positions_y2025m11');
  });

  it('creating a month twice, from this process or another, does nothing', async () => {
    const months = [positionMonthOf(Date.parse('2025-10-28T14:00:00Z'))];
    const first = new PositionPartitions();
    const other = new PositionPartitions();
    expect(await first.ensure(database.db, months)).toEqual([]);
    expect(await other.ensure(database.db, months)).toEqual([]);
    const [a, b] = await Promise.all([
      first.ensure(database.db, [positionMonthOf(Date.parse('2026-03-03T00:00:00Z'))]),
      other.ensure(database.db, [positionMonthOf(Date.parse('2026-03-03T00:00:00Z'))]),
    ]);
    expect([...a, ...b]).toEqual(['positions_y2026m03']);
  });

  it('keeps the key: the same position twice is a conflict, also across the default partition', async () => {
    await expect(insertPosition(database.db, '1533ad', '2025-10-28T14:00:00Z')).rejects.toThrow(/duplicate key/);
  });

  it('analysts read new partitions through positions and write nothing', async () => {
    const result = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL ROLE tailwatch_analyst`.execute(trx);
      return sql<{ n: number }>`SELECT count(*)::int AS n FROM positions WHERE observed_at >= '2025-10-01'`.execute(
        trx,
      );
    });
    expect(result.rows[0]?.n).toBe(2);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE tailwatch_analyst`.execute(trx);
        await insertPosition(trx as unknown as Db, 'abcdef', '2025-10-28T15:00:00Z');
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('the partitioning migration on a database with positions', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('keeps every row, in one partition per month, with the key, the view and the grants', async () => {
    const migrator = createMigrator(database.db);
    const before = await migrator.migrateTo('2026-11-23T01-00-00-tracking');
    expect(before.error).toBeUndefined();
    await insertPosition(database.db, '1533ad', '2025-10-28T14:00:00Z');
    await insertPosition(database.db, '1533ad', '2025-10-31T23:59:59Z');
    await insertPosition(database.db, '1533ad', '2025-11-01T00:00:00Z');
    await sql`INSERT INTO airframes (hex, registration) VALUES ('1533ad', 'RA-78765')`.execute(database.db);

    await migrateToLatest(database.db);

    expect(await rowsIn(database.db, 'positions')).toBe(3);
    expect(await partitionOf(database.db, '1533ad', '2025-10-31T23:59:59Z')).toBe('positions_y2025m10');
    expect(await partitionOf(database.db, '1533ad', '2025-11-01T00:00:00Z')).toBe('positions_y2025m11');
    const lastSeen = await sql<{
      last_seen_at: Date;
    }>`SELECT last_seen_at FROM airframe_last_seen WHERE hex = '1533ad'`.execute(database.db);
    expect(lastSeen.rows[0]?.last_seen_at.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    const grant = await sql<{
      ok: boolean;
    }>`SELECT has_table_privilege('tailwatch_analyst', 'positions', 'SELECT') AS ok`.execute(database.db);
    expect(grant.rows[0]?.ok).toBe(true);
  });
});

describe('tailwatch prune', () => {
  let database: TestDatabase;
  let configFile: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    configFile = writeTestConfig(database.url);
    await new PositionPartitions().ensure(
      database.db,
      ['2024-01-10', '2024-06-10', '2025-06-10'].map((d) => positionMonthOf(Date.parse(d))),
    );
    await insertPosition(database.db, '1533ad', '2024-01-10T00:00:00Z');
    await insertPosition(database.db, '1533ad', '2024-06-10T00:00:00Z');
    await insertPosition(database.db, '1533ad', '2025-06-10T00:00:00Z');
    await insertPosition(database.db, '1533ad', '2023-02-01T00:00:00Z'); // a month without a partition: default
  });
  afterAll(async () => {
    await database.drop();
  });

  it('--dry-run lists the months older than the retention before the newest data and drops nothing', async () => {
    const result = await runCli(['prune', '--older-than', '400d', '--dry-run'], { configFile });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would drop positions_y2024m01: 1 positions');
    expect(result.stdout).not.toContain('positions_y2024m06');
    expect(result.stdout).toContain('would delete 1 older positions from the default partition');
    expect(await listPositionPartitions(database.db)).toContain('positions_y2024m01');
    expect(await rowsIn(database.db, 'positions')).toBe(4);
  });

  it('drops whole months beyond the retention and keeps the rest', async () => {
    const result = await runCli(['prune', '--older-than', '400d'], { configFile });
    expect(result.code).toBe(0);
    const partitions = await listPositionPartitions(database.db);
    expect(partitions).not.toContain('positions_y2024m01');
    expect(partitions).toEqual(
      expect.arrayContaining(['positions_default', 'positions_y2024m06', 'positions_y2025m06']),
    );
    expect(await rowsIn(database.db, 'positions')).toBe(2);
  });

  it('takes retention.positionsDays from the config when --older-than is not given', async () => {
    const short = writeTestConfig(database.url, { retention: { positionsDays: 31 } });
    const result = await runCli(['prune', '--dry-run'], { configFile: short });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(31 days)');
    expect(result.stdout).toContain('would drop positions_y2024m06');
  });

  it('refuses an --older-than that is not a number of days', async () => {
    const result = await runCli(['prune', '--older-than', 'a year'], { configFile });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('400d');
  });
});

describe('tailwatch prune after a row stamped in the future', () => {
  let database: TestDatabase;
  let configFile: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    configFile = writeTestConfig(database.url);
    await new PositionPartitions().ensure(database.db, [positionMonthOf(Date.parse('2025-06-10'))]);
    await insertPosition(database.db, '1533ad', '2025-06-10T00:00:00Z');
    // A provider's broken clock, stored before data time was bounded: it lands in the default partition.
    await insertPosition(database.db, '1533ae', '2099-01-01T00:00:00Z');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('counts the retention from least(newest data, now()), so the real months are kept', async () => {
    const result = await runCli(['prune', '--older-than', '800d'], { configFile });
    expect(result.code).toBe(0);
    expect(await listPositionPartitions(database.db)).toContain('positions_y2025m06');
    expect(await partitionOf(database.db, '1533ad', '2025-06-10T00:00:00Z')).toBe('positions_y2025m06');
  });
});

describe("prune behind an analyst's open transaction", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await new PositionPartitions().ensure(database.db, [positionMonthOf(Date.parse('2024-01-10'))]);
    await insertPosition(database.db, '1533ad', '2024-01-10T00:00:00Z');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('gives up its lock within lock_timeout, retries, and never holds the worker up for long', async () => {
    const analyst = new pg.Client({ connectionString: database.url });
    const worker = new pg.Client({ connectionString: database.url });
    await analyst.connect();
    await worker.connect();
    try {
      await analyst.query('BEGIN');
      await analyst.query('SELECT count(*) FROM positions');
      const locking = { lockTimeoutMs: 1000, attempts: 3, pauseMs: 100 };
      const prune = dropPositionPartition(database.db, 'positions_y2024m01', locking).then(
        () => null,
        (error: unknown) => error,
      );
      await vi.waitFor(
        async () => {
          const waiting = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE positions DETACH%'`.execute(database.db);
          expect(waiting.rows[0]?.n).toBe(1);
        },
        { timeout: 5000, interval: 20 },
      );
      // The worker's insert queues behind prune's lock request: it must get through within a second or so.
      await worker.query("SET statement_timeout = '5s'");
      const started = performance.now();
      await worker.query(
        `INSERT INTO positions (hex, observed_at, lat, lon, on_ground, source, matched_by)
         VALUES ('1533ae', '2024-01-11T00:00:00Z', 23, -82, false, 'test', 'watchlist')`,
      );
      expect(performance.now() - started).toBeLessThan(2500);
      expect(await prune).toMatchObject({ code: 'DB_LOCK_TIMEOUT' });
      expect(await listPositionPartitions(database.db)).toContain('positions_y2024m01');
      await analyst.query('COMMIT');
      await dropPositionPartition(database.db, 'positions_y2024m01', locking);
      expect(await listPositionPartitions(database.db)).not.toContain('positions_y2024m01');
    } finally {
      await analyst.end();
      await worker.end();
    }
  });
});

describe('what Citus and TimescaleDB need of positions', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it(
    'every unique constraint holds both the time column (partitions, hypertable chunks) ' +
      'and hex (a Citus distribution column)',
    async () => {
      const keys = await sql<{ def: string }>`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conrelid = 'positions'::regclass AND contype IN ('p', 'u')`.execute(database.db);
      expect(keys.rows.length).toBeGreaterThan(0);
      for (const { def } of keys.rows) {
        expect(def).toMatch(/\bobserved_at\b/);
        expect(def).toMatch(/\bhex\b/);
      }
    },
  );

  it('no foreign key points to or from positions, and no trigger is on it', async () => {
    const fks = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND
         (conrelid = 'positions'::regclass OR confrelid = 'positions'::regclass)`.execute(database.db);
    expect(fks.rows[0]?.n).toBe(0);
    const triggers = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'positions'::regclass AND NOT tgisinternal`.execute(
      database.db,
    );
    expect(triggers.rows[0]?.n).toBe(0);
  });
});
