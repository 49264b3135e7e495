import { spawn } from 'node:child_process';

/**
 * `tailwatch run` as a real process, for the tests where the process is the point (SIGKILL at a crash
 * point, SIGTERM and the exit code, a bad config, the log sink). Everything else starts the worker
 * in-process (startWorker, see test-worker.ts).
 */
export interface WorkerProcess {
  readonly pid: number;
  /** Parsed JSON log lines so far. */
  readonly lines: Array<Record<string, unknown>>;
  stderr(): string;
  /** Everything written to stdout, JSON or not (the start-up banner). */
  stdout(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line satisfies the predicate (rejects after timeoutMs, or if the process exits). */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The log lines the worker wrote for one of its events (their `workerEvent` field). */
  logged(workerEvent: string): Array<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnWorkerOptions {
  /** `--config FILE`; without it the process reads its config from `env` only. */
  configFile?: string;
  /** Loads test/support/crash-at-point.ts into the process, which SIGKILLs itself there. */
  crashAt?: string;
  crashSkip?: number;
  /** The process's environment besides PATH and HOME (nothing else of the test's is passed on). */
  env?: Record<string, string>;
}

/** Spawns `tailwatch run` from source. */
export function spawnWorker(options: SpawnWorkerOptions = {}): WorkerProcess {
  const preload = options.crashAt ? ['--import', './test/support/crash-at-point.ts'] : [];
  const config = options.configFile ? ['--config', options.configFile] : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...preload, 'test/support/cli-entry.ts', ...config, 'run'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        ...(options.crashAt
          ? { TAILWATCH_TEST_CRASH_AT: options.crashAt, TAILWATCH_TEST_CRASH_SKIP: String(options.crashSkip ?? 0) }
          : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    predicate: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }> = [];
  let partial = '';
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal });
    }),
  );
  return {
    pid: child.pid ?? -1,
    lines,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    waitFor(predicate, timeoutMs = 60_000) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`worker ${child.pid}: no such log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`),
            ),
          timeoutMs,
        );
        waiters.push({ predicate, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then(() => {
          if (!waiters.some((w) => w.predicate === predicate)) return;
          clearTimeout(timer);
          reject(new Error(`worker ${child.pid} exited before the expected log line; stderr: ${stderr.slice(-2000)}`));
        });
      });
    },
    logged: (workerEvent) => lines.filter((line) => line.workerEvent === workerEvent),
    kill: (signal) => child.kill(signal),
  };
}
