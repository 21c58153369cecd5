// Planning benchmark (issue 3): plan a rollout of a 5,000-pair manifest in 10% batches and render every
// phase's manifest text, against one bare `yaml` round trip of the same file, each row's baseline measured in
// turns with its subject in the same run.
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

function once(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Medians of the baseline and the subject, measured in turns so that load on a shared machine affects both alike. */
function alternate(baseline: () => void, subject: () => void, runs: number): [number, number] {
  const base: number[] = [];
  const subj: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(once(baseline));
    subj.push(once(subject));
  }
  return [median(base), median(subj)];
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
  const baseline = () => {
    const out = parseAllDocuments(text);
    const docs = Array.isArray(out) ? out : [out];
    docs.map(String).join("");
  };
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
    const [baselineMs, subjectMs] = alternate(
      baseline,
      () => {
        phases = planOnce(text, request, texts);
      },
      3,
    );
    return { name, baselineMs, subjectMs, ratio: subjectMs / baselineMs, target, note: `${phases} phases` };
  });
}
