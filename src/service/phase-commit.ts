// Builds a phase's commit from the current default branch: the phase applied to the manifest there (and
// to the pool, for spares), through the planner's minimal-diff edits. A phase that no longer applies (a
// person changed one of its machines) is reported, never forced.

import type { RepositoryConfig } from "../generated/config.js";
import type { FileChange } from "../github/port.js";
import { formatDiagnostic, type Manifest, parseManifest, serializeManifest } from "../manifest/index.js";
import { applyPhase, type Phase, plannerConfig } from "../plan/index.js";
import type { RolloutState } from "../rollout/types.js";
import type { FlowDeps } from "./deps.js";

export type PhaseCommit = { ok: true; files: FileChange[] } | { ok: false; reason: string };

export async function buildPhaseCommit(
  deps: FlowDeps,
  state: RolloutState,
  phase: Phase,
  config: RepositoryConfig,
  mainSha: string,
): Promise<PhaseCommit> {
  const plan = state.plan;
  const pc = plannerConfig(config);
  const options = { taintAnnotation: pc.taintAnnotation, kubernetesVersions: pc.kubernetesVersions };
  const text = await deps.github.readFile(plan.manifestPath, mainSha);
  if (text === undefined)
    return { ok: false, reason: `${plan.manifestPath} no longer exists on the default branch` };
  const manifest = parseManifest(text.text, { file: plan.manifestPath, ...options });
  if (!manifest.ok)
    return {
      ok: false,
      reason: `${plan.manifestPath} on the default branch is invalid: ${manifest.diagnostics.map(formatDiagnostic).join("; ")}`,
    };
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
