// The worker's public surface: start and stop it from code, and follow it through its events.
export { startWorker, type StartWorkerOptions, type Worker } from './start-worker.js';
export type {
  AlertFailedEvent,
  AlertSentEvent,
  CycleDoneEvent,
  CycleFailedEvent,
  WorkerEvent,
  WorkerEventMap,
  WorkerEvents,
  WorkerEventType,
} from './worker-events.js';
