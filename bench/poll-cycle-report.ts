import { join } from 'node:path';

/** What the poll-cycle process reports to the bench (one JSON line on stdout). */
export interface PollCycleReport {
  /** The polls run back to back. */
  cycleMs: number[];
  /** The polls run `pauseMs` apart, as the worker's schedule spaces them. */
  pacedCycleMs: number[];
  stored: number[];
  rssAfterWarmUpMb: number;
  /** Largest RSS after a cycle, in each phase. */
  rssBackToBackMb: number;
  rssPacedMb: number;
}

/** The snapshot file of poll `n` in the bench's folder (n = 0 is the warm-up poll). */
export function snapshotFile(dir: string, n: number): string {
  return join(dir, `poll-${String(n).padStart(3, '0')}.json`);
}
