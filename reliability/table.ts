// The reliability report: one row per scenario with its runs, passes, violations and losses, then every failed
// run with what went wrong, so a figure in the README can be traced back to a reproduction.
import type { RunResult } from "./outcome.js";

export interface Row {
  scenario: string;
  runs: number;
  passed: number;
  violations: number;
  lost: number;
}

export function summarize(results: readonly RunResult[]): Row[] {
  const rows = new Map<string, Row>();
  for (const r of results) {
    const row = rows.get(r.scenario) ?? { scenario: r.scenario, runs: 0, passed: 0, violations: 0, lost: 0 };
    row.runs++;
    if (r.passed) row.passed++;
    row.violations += r.violations.length;
    row.lost += r.lost.length;
    rows.set(r.scenario, row);
  }
  return [...rows.values()];
}

export function renderTable(rows: readonly Row[]): string {
  const head = ["scenario", "runs", "passed", "invariant violations", "data lost"];
  const cells = rows.map((r) => [
    r.scenario,
    String(r.runs),
    String(r.passed),
    String(r.violations),
    String(r.lost),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: readonly string[]) =>
    `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(head), rule, ...cells.map(line)].join("\n");
}

export function renderFailures(results: readonly RunResult[], verbose = false): string {
  return results
    .filter((r) => !r.passed)
    .map((r) =>
      [
        `${r.scenario} ${r.label}:`,
        ...[...r.violations, ...r.lost, ...r.problems].map((p) => `  - ${verbose ? p : p.split("\n")[0]}`),
      ].join("\n"),
    )
    .join("\n");
}
