import type { BenchRow } from './bench-row.js';

/**
 * Alert latency (feed response showing the landing → SMTP server accepting the mail). Not measured:
 * the alert delivery (src/alerts) was still being built when this benchmark was written, and it is
 * not wired into the worker's cycle yet. The row stays in the table so that the gap is visible.
 */
export async function alertLatencyBench(): Promise<BenchRow> {
  return {
    figure: 'alert latency: feed response showing the landing → SMTP server accepts the mail',
    median: 'not measured',
    baseline: '–',
    ratio: '–',
    target: '≤ 1 s',
    met: null,
  };
}
