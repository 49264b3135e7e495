import type { CycleInput, CycleOutcome, PreparedCycle, SnapshotProcessor } from './snapshot-processor.js';

type Settled = { ok: true; outcome: CycleOutcome } | { ok: false; error: unknown };

/**
 * Replay's two-stage pipeline: at most one cycle's commit in flight while the next cycle is prepared
 * (validation, matching and the engine step, on the state the in-flight cycle leaves behind). The
 * database and the JavaScript work overlap; Postgres runs on another core.
 *
 * The results are those of processing the cycles one by one, in order: commits run strictly in
 * sequence, and SnapshotProcessor.commit prepares a cycle again when the state it was computed from
 * is not the one that committed (the cycle before it was redone after a stale state). When a commit
 * fails, nothing after it is committed and its error is raised by the next push or by finish().
 */
export class ReplayPipeline {
  private inFlight: { cycle: PreparedCycle; settled: Promise<Settled> } | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly processor: SnapshotProcessor,
    private readonly onOutcome: (outcome: CycleOutcome) => void,
  ) {}

  /** Prepares `input` (overlapping the commit in flight), then waits for that commit and starts this one's. */
  async push(input: CycleInput): Promise<void> {
    this.raiseFailure();
    const cycle = await this.processor.prepare(input, this.inFlight?.cycle);
    await this.drain();
    this.raiseFailure();
    // Settled at once into a value, so that a rejection is never "unhandled" while the next cycle is prepared.
    const settled = this.processor.commit(cycle).then(
      (outcome): Settled => ({ ok: true, outcome }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
    this.inFlight = { cycle, settled };
  }

  /** Waits for the commit in flight (if any) and records its outcome or its failure. */
  async drain(): Promise<void> {
    const pending = this.inFlight;
    if (!pending) return;
    const result = await pending.settled;
    this.inFlight = null;
    if (result.ok) this.onOutcome(result.outcome);
    else this.failure ??= { error: result.error };
  }

  /** Waits for the last commit; raises the first commit failure, if any. */
  async finish(): Promise<void> {
    await this.drain();
    this.raiseFailure();
  }

  private raiseFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}
