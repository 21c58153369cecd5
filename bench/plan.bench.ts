// Planning benchmark (issue 3): plan a rollout of a 5,000-pair manifest in 10% batches and render every
// phase's manifest text, against one bare `yaml` round trip of the same file measured in the same run.
import { parseAllDocuments } from "yaml";
import { parseManifest } from "../src/manifest/index.js";
import type { Manifest } from "../src/manifest/model.js";
import {
  type PatchRequest,
  planRollout,
  renderPhaseTexts,
  renderPlanJson,
  renderPlanMarkdown,
} from "../src/plan/index.js";
import { address, generateManifest } from "./generate.js";
import { type BenchRow, median } from "./types.js";

function time(fn: () => void, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

function parse(text: string): Manifest {
  const parsed = parseManifest(text, { file: "machines.yaml" });
  if (!parsed.ok) throw new Error("generated manifest is invalid");
  return parsed.manifest;
}

/** Parse, plan and render the plan (JSON and Markdown); with `texts`, every phase's manifest too. */
function planOnce(text: string, request: PatchRequest, texts: boolean): number {
  const manifest = parse(text);
  const planned = planRollout({ manifest, request });
  if (!planned.ok) throw new Error(planned.refusals[0]?.message);
  renderPlanJson(planned.plan);
  renderPlanMarkdown(planned.plan);
  if (!texts) return planned.plan.phases.length;
  const rendered = renderPhaseTexts(planned.plan, manifest);
  if (!rendered.ok) throw new Error(rendered.diagnostics[0]?.message);
  return rendered.texts.length;
}

export async function benchPlan(pairs = 5000): Promise<BenchRow[]> {
  const text = generateManifest(pairs);
  const baselineMs = time(() => {
    const out = parseAllDocuments(text);
    const docs = Array.isArray(out) ? out : [out];
    docs.map(String).join("");
  }, 3);
  // The generated manifest has 3 masters; the rollouts patch every worker.
  const workers = pairs - 3;
  const inPlace: PatchRequest = {
    strategy: "in-place",
    maxUnavailable: "10%",
    target: { kernelVersion: "5.4.0-150-generic" },
  };
  const replace: PatchRequest = {
    strategy: "replace",
    maxSurge: "10%",
    replacements: Array.from({ length: workers }, (_, i) => ({
      name: `new-${i}`,
      privateAddress: address(pairs + i),
    })),
  };
  const rows: [string, PatchRequest, boolean, string][] = [
    [`plan only, in-place, ${pairs} pairs, 10% batches`, inPlace, false, ""],
    [`plan + every phase text, in-place, ${pairs} pairs, 10% batches`, inPlace, true, "<= 2.0x"],
    [`plan + every phase text, replace, ${pairs} pairs, 10% batches`, replace, true, "<= 2.0x"],
  ];
  return rows.map(([name, request, texts, target]) => {
    let phases = 0;
    const subjectMs = time(
      () => {
        phases = planOnce(text, request, texts);
      },
      texts ? 1 : 3,
    );
    return { name, baselineMs, subjectMs, ratio: subjectMs / baselineMs, target, note: `${phases} phases` };
  });
}
