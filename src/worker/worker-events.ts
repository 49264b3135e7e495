import { EventEmitter } from 'node:events';
import type { CycleOutcome } from '../pipeline/cycle-types.js';

/** A committed cycle (any status: a `failed` one is a cycle that got no feed answer and stored nothing). */
export interface CycleDoneEvent {
  type: 'cycle-done';
  cycleId: string | null;
  status: CycleOutcome['status'];
  /** The feeds' time of the cycle, epoch ms (null when no provider answered). */
  dataTime: number | null;
  sightings: number;
  positionsStored: number;
  newEvents: CycleOutcome['newEvents'];
  legsChanged: number;
  gapsChanged: number;
  dropped: Record<string, number>;
  durationMs: number;
}

/** A cycle that threw and was rolled back (database gone, LEADERSHIP_LOST, ...); the next tick tries again. */
export interface CycleFailedEvent {
  type: 'cycle-failed';
  /** The error's code: a tailwatch code (`LEADERSHIP_LOST`), a PostgreSQL SQLSTATE or a Node code; else UNKNOWN. */
  code: string;
  message: string;
  error: unknown;
}

export interface AlertSentEvent {
  type: 'alert-sent';
  messageId: string;
  alertIds: readonly string[];
  attempts: number;
}

/** An email not sent: `final` when its alerts are now failed for good, else they stay pending and are retried. */
export interface AlertFailedEvent {
  type: 'alert-failed';
  messageId: string;
  /** Empty when the attempt broke before its rows were read (e.g. the database went away). */
  alertIds: readonly string[];
  attempts: number | null;
  error: string;
  final: boolean;
}

/** One POST of an alert to a webhook: what the receiver saw and answered. */
interface WebhookAttemptFields {
  webhook: string;
  alertId: string;
  /** The X-Tailwatch-Alert-Id the receiver saw: the same on every attempt. */
  webhookAlertId: string;
  attempts: number;
  httpStatus: number | null;
}

/** The receiver answered 2xx. */
export interface WebhookPostedEvent extends WebhookAttemptFields {
  type: 'webhook-posted';
}

/** Not delivered: retried later, or failed for good when `final`. */
export interface WebhookFailedEvent extends WebhookAttemptFields {
  type: 'webhook-failed';
  error: string;
  final: boolean;
}

/**
 * Everything a worker reports, one plain object per occurrence. `type` names it, and is also the name of
 * the emitter channel it goes out on.
 */
export type WorkerEvent =
  /** Emitted before startWorker resolves: listeners attached to the handle see it as that resolution. */
  | { type: 'started'; schedule: string }
  | { type: 'leader-acquired'; backendPid: number | null }
  | { type: 'leader-lost' }
  /** A tick found another worker holding the poll leadership (or no database to ask): nothing polled. */
  | { type: 'standby' }
  | CycleDoneEvent
  | CycleFailedEvent
  /** A tick came while the previous cycle was still running. */
  | { type: 'cycle-skipped' }
  | AlertSentEvent
  | AlertFailedEvent
  | WebhookPostedEvent
  | WebhookFailedEvent
  /** stop() was called: the cycle in flight finishes, then the lock and the pools are released. */
  | { type: 'stopping' }
  /** The worker has released everything; the last event. */
  | { type: 'stopped' };

export type WorkerEventType = WorkerEvent['type'];

/** The emitter's map: one channel per event type, plus `event`, which carries every event. */
export type WorkerEventMap = { [E in WorkerEvent as E['type']]: [event: E] } & { event: [event: WorkerEvent] };

/**
 * The worker's events, as a typed node:events emitter: `events.on('cycle-done', (e) => ...)` for one kind,
 * `events.on('event', (e) => ...)` for all. Listeners run synchronously inside the worker: keep them short,
 * and an exception in one is logged and otherwise ignored (it never fails a cycle).
 */
export type WorkerEvents = EventEmitter<WorkerEventMap>;

export function createWorkerEvents(): WorkerEvents {
  return new EventEmitter<WorkerEventMap>();
}

/** Emits an event on its channel and on `event`; a listener that throws is handed to `onListenerError`. */
export function emitWorkerEvent(
  events: WorkerEvents,
  event: WorkerEvent,
  onListenerError: (error: unknown) => void,
): void {
  const untyped = events as EventEmitter<Record<string, [WorkerEvent]>>;
  for (const channel of [event.type, 'event']) {
    try {
      untyped.emit(channel, event);
    } catch (error) {
      onListenerError(error);
    }
  }
}

/** The code a cycle-failed event carries. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'UNKNOWN';
}
