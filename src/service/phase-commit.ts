// Builds a phase's commit from the current default branch: the phase applied to the manifest there (and
// to the pool, for spares), through the planner's minimal-diff edits. A phase that no longer applies (a
// person changed one of its machines) is reported, never forced.

import type { RepositoryConfig } from "../generated/config.js";
import type { FileChange } from "../github/port.js";
import {
  formatDiagnostic,
  type Manifest,
  parseManifest as parseUncached,
  serializeManifest,
} from "../manifest/index.js";
import { applyPhase, type Phase, plannerConfig } from "../plan/index.js";
import { list } from "../rollout/decide.js";
import type { RolloutState } from "../rollout/types.js";
import type { FlowDeps } from "./deps.js";

export type PhaseCommit = { ok: true; files: FileChange[] } | { ok: false; reason: string };

export async function buildPhaseCommit(
  deps: FlowDeps,
  state: RolloutState,
  phase: Phase,
  config: RepositoryConfig,
  mainSha: string,
  /** When rebuilding an open phase: the default-branch commit it was built on before. */
  previousBase?: string,
): Promise<PhaseCommit> {
  const plan = state.plan;
  const pc = plannerConfig(config);
  const options = { taintAnnotation: pc.taintAnnotation, kubernetesVersions: pc.kubernetesVersions };
  const parseManifest = deps.parseManifest ?? parseUncached;
  const text = await deps.github.readFile(plan.manifestPath, mainSha);
  if (text === undefined)
    return { ok: false, reason: `${plan.manifestPath} no longer exists on the default branch` };
  const manifest = parseManifest(text.text, { file: plan.manifestPath, ...options });
  if (!manifest.ok)
    return {
      ok: false,
      reason: `${plan.manifestPath} on the default branch is invalid: ${manifest.diagnostics.map(formatDiagnostic).join("; ")}`,
    };
  // A person's edit of a machine the rollout works on is never overwritten or built upon: the rollout holds.
  if (previousBase !== undefined && previousBase !== mainSha) {
    const before = await deps.github.readFile(plan.manifestPath, previousBase);
    const parsed = before && parseManifest(before.text, { file: plan.manifestPath, ...options });
    const changed = parsed?.ok
      ? changedMachines(parsed.manifest, manifest.manifest, rolloutMachines(plan))
      : [];
    if (changed.length > 0)
      return {
        ok: false,
        reason: `${list(changed)} changed on the default branch since phase ${phase.index} was built; the rollout does not build on someone else's edit of its machines. Re-plan with \`/patch plan\`, or \`/patch cancel\``,
      };
  }
  const poolPath = plan.poolPath;
  const usesPool =
    phase.kind === "add" &&
    poolPath !== undefined &&
    plan.replacements.some((r) => r.source === "pool" && phase.machines.includes(r.name));
  let pool: Manifest | undefined;
  if (usesPool) {
    const poolText = await deps.github.readFile(poolPath, mainSha);
    const parsed = poolText
      ? parseManifest(poolText.text, { file: poolPath, ...options, pool: true })
      : undefined;
    if (!parsed?.ok)
      return { ok: false, reason: `the pool ${poolPath} cannot be read from the default branch` };
    pool = parsed.manifest;
  }
  if (
    !stillAsPlanned(
      phase,
      manifest.manifest.machines.map((m) => m.name),
    )
  ) {
    return {
      ok: false,
      reason: `the machines of phase ${phase.index} changed on the default branch since the plan was made (${phase.machines.join(", ")})`,
    };
  }
  const applied = applyPhase(plan, phase, { manifest: manifest.manifest, pool });
  if (!applied.ok)
    return {
      ok: false,
      reason: `phase ${phase.index} no longer applies to the default branch: ${applied.diagnostics.map((d) => d.message).join("; ")}`,
    };
  const files: FileChange[] = [
    { path: plan.manifestPath, content: serializeManifest(applied.state.manifest) },
  ];
  if (usesPool && applied.state.pool && poolPath)
    files.push({ path: poolPath, content: serializeManifest(applied.state.pool) });
  return { ok: true, files };
}

/** An `add` phase needs its machines absent; every other kind needs them present. */
function stillAsPlanned(phase: Phase, names: string[]): boolean {
  const present = new Set(names);
  return phase.machines.every((m) => (phase.kind === "add" ? !present.has(m) : present.has(m)));
}

/** The machines a rollout works on: the selected ones and their replacements. */
function rolloutMachines(plan: RolloutState["plan"]): Set<string> {
  return new Set([...plan.selected, ...plan.replacements.map((r) => r.name)]);
}

/** Of `names`, those whose documents differ (or that appeared or vanished) between two manifests. */
export function changedMachines(before: Manifest, after: Manifest, names: ReadonlySet<string>): string[] {
  const text = (m: Manifest, name: string) => {
    const pair = m.machines.find((p) => p.name === name);
    return pair === undefined
      ? undefined
      : `${m.chunks[pair.machineChunk]?.text ?? ""}\u0000${m.chunks[pair.infraChunk]?.text ?? ""}`;
  };
  return [...names].filter((name) => text(before, name) !== text(after, name));
}
