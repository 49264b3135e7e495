/** One line of the results table. */
export interface BenchRow {
  figure: string;
  median: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: not measured, or no target to meet. */
  met: boolean | null;
}

export function renderTable(rows: readonly BenchRow[]): string {
  const head = '| figure | median | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|\n';
  const mark = (met: boolean | null) => (met === null ? '–' : met ? 'yes' : '**no**');
  return (
    head +
    rows
      .map((r) => `| ${r.figure} | ${r.median} | ${r.baseline} | ${r.ratio} | ${r.target} | ${mark(r.met)} |`)
      .join('\n') +
    '\n'
  );
}
