import { join } from 'node:path';

/** What the poll-cycle process reports to the bench (one JSON line on stdout). */
export interface PollCycleReport {
  cycleMs: number[];
  stored: number[];
  rssBeforeMb: number;
  rssMaxMb: number;
}

/** The snapshot file of poll `n` in the bench's folder (n = 0 is the warm-up poll). */
export function snapshotFile(dir: string, n: number): string {
  return join(dir, `poll-${String(n).padStart(3, '0')}.json`);
}
