/** One line of a benchmark table: a subject timed against a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  baselineMs: number;
  subjectMs: number;
  ratio: number;
  target?: string;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export function formatTable(title: string, rows: readonly BenchRow[]): string {
  const header = ["benchmark", "baseline ms", "subject ms", "ratio", "target", "note"];
  const lines = rows.map((r) => [
    r.name,
    r.baselineMs.toFixed(0),
    r.subjectMs.toFixed(0),
    `${r.ratio.toFixed(2)}x`,
    r.target ?? "",
    r.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [`## ${title}`, fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...lines.map(fmt)].join("\n");
}
