/** Value at percentile `p` (0–100) of an ascending array; nearest-rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Summary of a latency sample in milliseconds. */
export function summarize(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const fmt = (v: unknown) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v);

/** Prints rows as a Markdown table (pasteable into docs/benchmarks.md). */
export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map(r => columns.map(c => fmt(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map(r => r[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(columns));
  console.log(line(widths.map(w => '-'.repeat(w))));
  for (const r of cells) console.log(line(r));
}

/** A one-line progress bar on stderr. */
export function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString()}/${total.toLocaleString()}`,
  );
  if (done >= total) process.stderr.write('\n');
}

/** Times `op` `requests` times in a row after 10 warm-ups; `before` runs untimed ahead of each sample. */
export async function timeEach(
  requests: number,
  op: () => Promise<unknown>,
  before?: () => Promise<unknown>,
) {
  for (let i = 0; i < 10; i++) await op(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    await before?.();
    const t = performance.now();
    await op();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}
