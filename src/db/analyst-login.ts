import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';

/** Limits every analyst login gets (the migrations give them to the role's members at the time, too). */
export const ANALYST_STATEMENT_TIMEOUT = '5min';
export const ANALYST_IDLE_IN_TRANSACTION_TIMEOUT = '2min';

/**
 * Creates the embedded server's read-only login for analysts (member of tailwatch_analyst, the role the
 * migrations create). False when that role does not exist.
 */
export async function ensureAnalystLogin(db: Kysely<Database>, user: string, password: string): Promise<boolean> {
  const role = await sql<{
    exists: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailwatch_analyst') AS exists`.execute(db);
  if (!role.rows[0]?.exists) return false;
  const login = await sql<{
    exists: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${user}) AS exists`.execute(db);
  if (!/^[a-z_][a-z0-9_]*$/.test(user) || !/^[A-Za-z0-9_-]+$/.test(password))
    throw new Error('analyst login: unexpected characters in user or password');
  if (!login.rows[0]?.exists) {
    await sql.raw(`CREATE ROLE ${user} LOGIN PASSWORD '${password}' IN ROLE tailwatch_analyst`).execute(db);
  }
  // Role settings are not inherited from tailwatch_analyst: the login carries its own limits, so a
  // forgotten query or open transaction cannot hold the locks that prune and the worker need.
  await sql.raw(`ALTER ROLE ${user} SET statement_timeout = '${ANALYST_STATEMENT_TIMEOUT}'`).execute(db);
  await sql
    .raw(`ALTER ROLE ${user} SET idle_in_transaction_session_timeout = '${ANALYST_IDLE_IN_TRANSACTION_TIMEOUT}'`)
    .execute(db);
  return true;
}
