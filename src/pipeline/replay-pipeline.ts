import { isTailwatchError } from '../errors/tailwatch-error.js';
import type { CycleInput, CycleOutcome, PreparedCycle, SnapshotProcessor } from './snapshot-processor.js';

interface Settled {
  outcomes: CycleOutcome[];
  error: { value: unknown } | null;
}

/** A group commits at most this many cycles, or this many positions, in one transaction. */
const MAX_GROUP_CYCLES = 32;
const MAX_GROUP_POSITIONS = 64_000;

/**
 * Replay's pipeline with group commit: while one transaction is in flight, the next cycles are prepared
 * (validation, matching and the engine step, each on the state the one before it leaves behind) and
 * wait; when the transaction ends, all the waiting cycles commit together in the next one. The database
 * and the JavaScript work overlap (Postgres runs on another core), and the slower the commits, the
 * larger the groups, so the fixed cost of a transaction (its round trips and its WAL flush) is shared
 * by many polls.
 *
 * The results are those of processing the cycles one by one, in order: groups commit strictly in
 * sequence, and SnapshotProcessor.commitGroup prepares a group again when the state it was computed
 * from is not the one that committed. A group is all or nothing; when it fails, its cycles are committed
 * again one at a time, so that exactly the cycles before the failing one are committed. When a commit
 * fails, nothing after it is committed and its error is raised by the next push or by finish().
 */
export class ReplayPipeline {
  private inFlight: { cycles: PreparedCycle[]; settled: Promise<Settled>; done: boolean } | null = null;
  private waiting: PreparedCycle[] = [];
  private waitingPositions = 0;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly processor: SnapshotProcessor,
    private readonly onOutcome: (outcome: CycleOutcome) => void,
  ) {}

  /** Prepares `input` (overlapping the commit in flight); commits the waiting cycles when the database is free. */
  async push(input: CycleInput): Promise<void> {
    this.raiseFailure();
    const after = this.waiting[this.waiting.length - 1] ?? this.inFlight?.cycles[this.inFlight.cycles.length - 1];
    const cycle = await this.processor.prepare(input, after);
    this.waiting.push(cycle);
    this.waitingPositions += cycle.positions.length;
    const full = this.waiting.length >= MAX_GROUP_CYCLES || this.waitingPositions >= MAX_GROUP_POSITIONS;
    if (this.inFlight !== null && !this.inFlight.done && !full) return;
    await this.drain();
    this.raiseFailure();
    this.startCommit();
  }

  /** Waits for the commit in flight (if any) and records its outcomes or its failure. */
  async drain(): Promise<void> {
    const pending = this.inFlight;
    if (!pending) return;
    const result = await pending.settled;
    this.inFlight = null;
    for (const outcome of result.outcomes) this.onOutcome(outcome);
    if (result.error) this.failure ??= { error: result.error.value };
  }

  /** Commits what waits, waits for the last commit; raises the first commit failure, if any. */
  async finish(): Promise<void> {
    await this.drain();
    this.raiseFailure();
    if (this.waiting.length) {
      this.startCommit();
      await this.drain();
    }
    this.raiseFailure();
  }

  private startCommit(): void {
    const cycles = this.waiting;
    this.waiting = [];
    this.waitingPositions = 0;
    const flight = { cycles, settled: this.commitInOrder(cycles), done: false };
    // Settled at once into a value, so that a rejection is never "unhandled" while the next cycle is prepared.
    void flight.settled.then(() => (flight.done = true));
    this.inFlight = flight;
  }

  private async commitInOrder(cycles: readonly PreparedCycle[]): Promise<Settled> {
    try {
      return { outcomes: await this.processor.commitGroup(cycles), error: null };
    } catch (error) {
      if (cycles.length === 1 || isTailwatchError(error, 'TRACKER_STATE_BUSY'))
        return { outcomes: [], error: { value: error } };
    }
    const outcomes: CycleOutcome[] = [];
    for (const cycle of cycles) {
      try {
        outcomes.push(await this.processor.commit(cycle));
      } catch (error) {
        return { outcomes, error: { value: error } };
      }
    }
    return { outcomes, error: null };
  }

  private raiseFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}
