// Numbers and tables for the bench's report, and the one shape every "app beside its reference"
// figure is printed in: the reference, the app, the ratio, the target and whether it is met.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const thousands = (n: number) => n.toLocaleString('en-GB');

/** The p-th percentile of an ascending array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/**
 * One figure of the app beside the same figure of its reference, measured in the same run.
 * `higherIsBetter`: throughput (the target is a floor on app/reference); otherwise latency (a
 * ceiling on app/reference).
 */
export interface Comparison {
  what: string;
  unit: string;
  reference: number;
  app: number;
  higherIsBetter: boolean;
  /** app / reference must be >= this (throughput) or <= this (latency). */
  target: number;
}

export const ratioOf = (c: Comparison) => c.app / c.reference;

export function verdict(c: Comparison): 'met' | 'NOT met' | 'n/a' {
  const r = ratioOf(c);
  if (!Number.isFinite(r)) return 'n/a';
  return (c.higherIsBetter ? r >= c.target : r <= c.target) ? 'met' : 'NOT met';
}

export function targetText(c: Comparison): string {
  return c.higherIsBetter ? `>= ${Math.round(c.target * 100)}%` : `<= ${c.target}x`;
}

export function ratioText(c: Comparison): string {
  const r = ratioOf(c);
  if (!Number.isFinite(r)) return 'n/a';
  return c.higherIsBetter ? `${fmt(r * 100, 0)}%` : `${fmt(r, 2)}x`;
}

export function comparisonTable(rows: Comparison[]): string {
  return table(
    ['figure', 'reference', 'app', 'app / reference', 'target', 'verdict'],
    rows.map((c) => [
      c.what,
      `${fmt(c.reference)} ${c.unit}`,
      `${fmt(c.app)} ${c.unit}`,
      ratioText(c),
      targetText(c),
      verdict(c),
    ]),
  );
}

export function comparisonLine(c: Comparison): string {
  return (
    `${c.what}: reference ${fmt(c.reference)} ${c.unit}, app ${fmt(c.app)} ${c.unit} = ${ratioText(c)} ` +
    `(target ${targetText(c)}: ${verdict(c)})`
  );
}
