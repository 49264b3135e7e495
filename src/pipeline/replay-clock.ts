import { describeOffset, MAX_AHEAD_OF_CLOCK_MS } from '../feeds/data-time-bounds.js';

/** A recorded response more than this from the replay's clock must be confirmed by the line after it. */
export const REPLAY_MAX_STEP_MS = 5 * 60_000;

/** A line the clock let through (in order) or refused (with why). */
export type ClockVerdict<T> =
  { kind: 'accept'; item: T; line: number } | { kind: 'reject'; line: number; message: string };

interface Held<T> {
  item: T;
  line: number;
  now: number;
}

/**
 * The data time of a replay, bounded. Recorded responses come one a line, in order; each `now` is
 * checked before it may move the clock that opens gaps and closes legs:
 *
 * - a response stamped more than MAX_AHEAD_OF_CLOCK_MS in the future of this machine's clock is refused
 *   (nothing recorded can come from the future);
 * - the clock is the time of the last line let through (so a line a step ahead does not carry the next
 *   step further: the true line after it brings the clock back);
 * - a response more than REPLAY_MAX_STEP_MS from the clock (ahead or behind) is held until the next line:
 *   when that line is nearer the held one's time than the clock's, the step is real (e.g. a recording
 *   that stopped for a day) and both are let through; otherwise the held one is refused as an outlier.
 *   So one response, on its own, never moves the clock further than the bounded step; a held line with
 *   no line after it is refused.
 *
 * Pure apart from the wall clock handed in (`wallClockMs`): the replay is the shell.
 */
export class ReplayClock<T> {
  private clock: number | null = null;
  private held: Held<T> | null = null;

  constructor(private readonly wallClockMs: () => number) {}

  /** Offers the next line's response; returns what may now be replayed or must be reported, in order. */
  offer(item: T, line: number, now: number): ClockVerdict<T>[] {
    const verdicts: ClockVerdict<T>[] = [];
    const ahead = now - this.wallClockMs();
    if (ahead > MAX_AHEAD_OF_CLOCK_MS) {
      verdicts.push({
        kind: 'reject',
        line,
        message:
          `Line ${line}: its clock ("now" ${new Date(now).toISOString()}) is ${describeOffset(ahead)} this ` +
          `machine's clock: no recording comes from the future, so the provider's clock was wrong; skipped`,
      });
      return verdicts;
    }
    const held = this.held;
    if (held !== null) {
      this.held = null;
      if (Math.abs(now - held.now) < Math.abs(now - this.clock!)) {
        this.clock = held.now;
        verdicts.push({ kind: 'accept', item: held.item, line: held.line });
      } else verdicts.push(this.outlier(held, `the line after it (${line}) carries on from the lines before it`));
    }
    verdicts.push(...this.step(item, line, now));
    return verdicts;
  }

  /** The end of the file: a line still held was never confirmed. */
  end(): ClockVerdict<T>[] {
    const held = this.held;
    this.held = null;
    return held === null ? [] : [this.outlier(held, 'no line after it confirms the step')];
  }

  private step(item: T, line: number, now: number): ClockVerdict<T>[] {
    if (this.clock === null || Math.abs(now - this.clock) <= REPLAY_MAX_STEP_MS) {
      // The clock follows the line let through, back as well as forward: a line a step ahead is followed
      // back by the true line after it, so the next step is measured from the truth again. Kept at the
      // furthest time, steps of lines with true lines between added up (5 min, then 10 min, ...).
      this.clock = now;
      return [{ kind: 'accept', item, line }];
    }
    this.held = { item, line, now };
    return [];
  }

  private outlier(held: Held<T>, why: string): ClockVerdict<T> {
    return {
      kind: 'reject',
      line: held.line,
      message:
        `Line ${held.line}: its clock ("now" ${new Date(held.now).toISOString()}) is ` +
        `${describeOffset(held.now - this.clock!)} the replay's (more than ${REPLAY_MAX_STEP_MS / 60_000} min) ` +
        `and ${why}: one response cannot move the data time on its own, so the provider's clock was wrong; skipped`,
    };
  }
}
