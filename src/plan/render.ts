// Plan renderings: JSON (the contract, validated by schemas/plan.schema.json), Markdown for issues and pull
// requests, and a Mermaid diagram GitHub draws. Large plans are summarised so a comment stays far below
// GitHub's 65,536-character limit; the JSON always has everything.
import type { Phase, Plan } from "../generated/plan.js";
import { describeTarget, listNames } from "./describe.js";

/** Stable bytes: the plan object is built in a fixed key order, and the output ends with a newline. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export interface MarkdownOptions {
  /** Phase rows shown before the table is summarised. */
  maxRows?: number;
  /** Diagram nodes before the diagram shows waves instead of phases. */
  maxDiagramNodes?: number;
}

const STRATEGY: Record<Plan["strategy"], string> = {
  replace: "replace: add new machines, taint and drain the old ones, then remove them",
  "in-place": "in-place: taint and drain, wait for the patched target, untaint",
};

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const maxRows = options.maxRows ?? 100;
  const cp = plan.budget.controlPlane;
  const wk = plan.budget.worker;
  const selected = [
    cp.selected > 0 ? `${cp.selected} control-plane` : "",
    wk.selected > 0 ? `${wk.selected} worker${wk.selected === 1 ? "" : "s"}` : "",
  ].filter((s) => s !== "");
  const batches = [
    cp.selected > 0 ? "control plane one machine at a time" : "",
    wk.selected > 0
      ? plan.strategy === "replace"
        ? `workers maxSurge ${wk.maxSurge}, maxUnavailable ${wk.maxUnavailable}`
        : `workers ${wk.maxUnavailable} at a time`
      : "",
  ].filter((s) => s !== "");
  const rows: [string, string][] = [
    ["Strategy", STRATEGY[plan.strategy]],
    ["Cluster", plan.cluster === "" ? "(unnamed)" : code(plan.cluster)],
    [
      "Manifest",
      code(plan.manifestPath) + (plan.poolPath === undefined ? "" : `, spares from ${code(plan.poolPath)}`),
    ],
    ["Machines", `${selected.join(", ")}: ${cell(listNames(plan.selected, 10))}`],
    ["Batches", batches.join("; ")],
  ];
  if (plan.target !== undefined) rows.push(["Target", describeTarget(plan.target)]);
  if (plan.packages !== undefined && plan.packages.length > 0)
    rows.push(["Packages", cell(plan.packages.join(", "))]);
  rows.push(["Taint", code(`${plan.taint.key}=${plan.taint.value}:${plan.taint.effect}`)]);
  rows.push([
    "Size",
    `${plan.waves.length} wave${plan.waves.length === 1 ? "" : "s"}, ${plan.phases.length} phases (one pull request each)`,
  ]);

  const lines = [`### Rollout plan ${code(plan.id)}`, ""];
  if (plan.reason !== undefined && plan.reason !== "") lines.push(`> ${cell(plan.reason)}`, "");
  lines.push("| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`), "");
  lines.push(
    "#### Phases",
    "",
    "| Phase | Wave | Kind | Machines | Gate before the next phase |",
    "|---:|---:|---|---|---|",
  );
  for (const p of plan.phases.slice(0, maxRows)) {
    lines.push(
      `| ${p.index} | ${p.wave} | ${p.kind} | ${cell(listNames(p.machines, 5))} | ${cell(p.gate.description)} |`,
    );
  }
  if (plan.phases.length > maxRows) {
    lines.push("", `…and ${plan.phases.length - maxRows} more phases (the plan JSON lists every one).`);
  }
  lines.push(
    "",
    "#### Diagram",
    "",
    "```mermaid",
    ...renderPlanMermaid(plan, options).trimEnd().split("\n"),
    "```",
    "",
  );
  return lines.join("\n");
}

/** A left-to-right flowchart: one box per phase grouped by wave, or one box per wave for large plans. */
export function renderPlanMermaid(plan: Plan, options: MarkdownOptions = {}): string {
  const maxNodes = options.maxDiagramNodes ?? 40;
  const lines = ["flowchart LR"];
  if (plan.phases.length <= maxNodes) {
    for (const wave of plan.waves) {
      const phases = plan.phases.filter((p) => p.wave === wave.index);
      lines.push(`  subgraph w${wave.index}["Wave ${wave.index} · ${wave.role}"]`);
      for (const p of phases) lines.push(`    p${p.index}["${label(p)}"]`);
      lines.push("  end");
    }
    for (const [i, p] of plan.phases.entries()) {
      const next = plan.phases[i + 1];
      if (next !== undefined) lines.push(`  p${p.index} -->|${mermaidText(gateWord(p))}| p${next.index}`);
    }
    return `${lines.join("\n")}\n`;
  }
  const shown = plan.waves.slice(0, maxNodes - 1);
  for (const w of shown) {
    const kinds = plan.phases.filter((p) => p.wave === w.index).map((p) => p.kind);
    const size = w.machines.length + (w.machines.length === 0 ? w.added.length : 0);
    lines.push(`  w${w.index}["Wave ${w.index} · ${w.role} · ${size}<br/>${kinds.join(" → ")}"]`);
  }
  const rest = plan.waves.length - shown.length;
  if (rest > 0) lines.push(`  more["…${rest} more wave${rest === 1 ? "" : "s"}"]`);
  const ids = [...shown.map((w) => `w${w.index}`), ...(rest > 0 ? ["more"] : [])];
  for (let i = 0; i + 1 < ids.length; i++) lines.push(`  ${ids[i]} --> ${ids[i + 1]}`);
  return `${lines.join("\n")}\n`;
}

function label(p: Phase): string {
  return `${p.index} · ${p.kind}<br/>${mermaidText(listNames(p.machines, 2))}`;
}

function gateWord(p: Phase): string {
  return p.gate.kind;
}

function mermaidText(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/\|/g, "#124;");
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}
