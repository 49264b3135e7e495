import { vi } from 'vitest';
import type { TailwatchConfig } from '../../src/config/config-schema.js';
import {
  startWorker,
  type StartWorkerOptions,
  type Worker,
  type WorkerEvent,
  type WorkerEventType,
} from '../../src/worker/index.js';
import { silentLogger } from './silent-logger.js';

export type EventOf<T extends WorkerEventType> = Extract<WorkerEvent, { type: T }>;

/** An in-process worker (startWorker) with every event it emitted recorded. */
export interface TestWorker {
  readonly worker: Worker;
  /** The leadership connection's application_name (unique per test worker). */
  readonly leaderName: string;
  /** Every event since startWorker resolved, in order (`started` comes before that, so it is not here). */
  readonly events: WorkerEvent[];
  of<T extends WorkerEventType>(type: T): Array<EventOf<T>>;
  /**
   * Waits until there are `count` (default 1) events of the type matching `where`, for at most `timeout` ms
   * (default 30 s), and returns the last of them.
   */
  waitFor<T extends WorkerEventType>(
    type: T,
    options?: { count?: number; where?: (event: EventOf<T>) => boolean; timeout?: number },
  ): Promise<EventOf<T>>;
  stop(): Promise<void>;
}

let workers = 0;

/** Starts a worker in this process, logging nowhere unless a logger is given. */
export async function startTestWorker(
  config: Readonly<TailwatchConfig>,
  options: StartWorkerOptions = {},
): Promise<TestWorker> {
  workers += 1;
  const leaderName = `tailwatch-leader test-worker-${workers}:${process.pid}`;
  const worker = await startWorker(config, { logger: silentLogger, leaderApplicationName: leaderName, ...options });
  const events: WorkerEvent[] = [];
  worker.events.on('event', (event) => events.push(event));
  const of = <T extends WorkerEventType>(type: T) => events.filter((e): e is EventOf<T> => e.type === type);
  return {
    worker,
    leaderName,
    events,
    of,
    async waitFor(type, { count = 1, where = () => true, timeout = 30_000 } = {}) {
      return vi.waitFor(
        () => {
          const matching = of(type).filter(where);
          if (matching.length < count) {
            const recent = events.slice(-20).map((e) => e.type);
            throw new Error(`${count} ${type} event(s) expected, ${matching.length} so far; last events: ${recent}`);
          }
          return matching[count - 1]!;
        },
        { timeout, interval: 20 },
      );
    },
    stop: () => worker.stop(),
  };
}
