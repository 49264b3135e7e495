import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airframeHistory } from '../../src/store/airframe-audit-repository.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
const writer = `tw_test_writer_${process.pid}`;

beforeAll(async () => {
  database = await createTestDatabase();
  await sql.raw(`CREATE ROLE ${writer} NOLOGIN`).execute(database.db);
});
afterAll(async () => {
  await database.drop();
  // The role belongs to the whole server: drop it too, once the database that granted it rights is gone.
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${writer}`);
  await admin.end();
});

describe('the audit trail records the database login, which the writer cannot claim', () => {
  it('a writer that names someone else as the actor is still recorded under its own login', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`GRANT SELECT, INSERT, UPDATE ON airframes TO ${writer}`);
      await client.query(`GRANT INSERT ON airframe_changes TO ${writer}`);
      await client.query(`GRANT USAGE ON SEQUENCE airframe_changes_id_seq TO ${writer}`);
      await client.query('BEGIN');
      await client.query(`SET LOCAL SESSION AUTHORIZATION ${writer}`);
      await client.query("SELECT set_config('tailwatch.actor', 'alice', true)");
      await client.query("INSERT INTO airframes (hex, registration, source) VALUES ('0d0f22', 'YV-42', 'sql')");
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const history = await airframeHistory(database.db, '0d0f22');
    expect(history).toEqual([expect.objectContaining({ action: 'add', changedBy: 'alice', dbUser: writer })]);
  });

  it('the application’s own changes carry the login it connects with', async () => {
    await database.db
      .insertInto('airframes')
      .values({ hex: '0d0f23', registration: 'YV-43', source: 'test' })
      .execute();
    const [change] = await airframeHistory(database.db, '0d0f23');
    const login = await sql<{ login: string }>`SELECT session_user AS login`.execute(database.db);
    expect(change?.dbUser).toBe(login.rows[0]!.login);
    expect(change?.changedBy).toBe(login.rows[0]!.login); // no actor named: the login
  });
});
