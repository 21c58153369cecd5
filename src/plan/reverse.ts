// `/patch rollback`: the phases that undo the last merged phase, planned with the same words and the same
// safety rules as forward phases. A taint is undone by an untaint and an untaint by a taint (back to the
// state before it, which the plan already allowed). An added machine is tainted and drained before it is
// removed, like any machine. A removal is not undone: the machine's host may be gone, and re-adding it is a
// new request a person should make.
import type { Capacity, Phase, Plan } from "../generated/plan.js";
import { commitMessage, listNames, phaseEffect, phaseGate, phaseTitle } from "./describe.js";
import type { PhaseKind } from "./waves.js";

export type ReverseResult = { ok: true; phases: Phase[] } | { ok: false; reason: string };

/**
 * The phases that undo `plan.phases[of - 1]`, numbered from `of + 1`: they replace every phase after it.
 * Their branches (`node-patch/<id>/rollback-<index>-<kind>`) never collide with the forward phases'.
 */
export function reversePhases(plan: Plan, of: number): ReverseResult {
  const phase = plan.phases[of - 1];
  if (phase === undefined) return { ok: false, reason: `rollout \`${plan.id}\` has no phase ${of}` };
  if (phase.reverts !== undefined)
    return { ok: false, reason: `phase ${of} is itself a rollback of phase ${phase.reverts}` };
  const before = of === 1 ? plan.initial : (plan.phases[of - 2]?.capacity ?? plan.initial);
  const steps: { kind: PhaseKind; capacity: Capacity }[] = [];
  switch (phase.kind) {
    case "taint":
      steps.push({ kind: "untaint", capacity: before });
      break;
    case "untaint":
      steps.push({ kind: "taint", capacity: before });
      break;
    case "add":
      // Tainted and drained first: the added machines may already run workloads.
      steps.push(
        { kind: "taint", capacity: tainted(phase.capacity, before) },
        { kind: "remove", capacity: before },
      );
      break;
    case "remove":
      return {
        ok: false,
        reason: `phase ${of} removed ${listNames(phase.machines)} from the manifest, and a removed machine cannot be brought back by a rollback. Add it again with a new patch request, or \`/patch retry\` to go on.`,
      };
  }
  const total = of + steps.length;
  const phases = steps.map((step, i): Phase => {
    const index = of + 1 + i;
    const title = `${phaseTitle(step.kind, phase.role, phase.machines)} (rolls back phase ${of})`;
    return {
      index,
      wave: phase.wave,
      kind: step.kind,
      role: phase.role,
      machines: [...phase.machines],
      title,
      // A rollback's taint only drains: the OS patch is what is being undone, so no target is awaited.
      effect: phaseEffect(step.kind, phase.role, phase.machines, "replace", plan.taint, false),
      gate: phaseGate(step.kind, phase.machines, "replace", undefined, plan.taint),
      branch: `node-patch/${plan.id}/rollback-${index}-${step.kind}`,
      commitMessage: commitMessage(plan, { ...phase, index, kind: step.kind, title }, total),
      capacity: step.capacity,
      reverts: of,
    };
  });
  return { ok: true, phases };
}

/** All the machines still counted, but only those available before the added ones are. */
function tainted(after: Capacity, before: Capacity): Capacity {
  return {
    controlPlane: { total: after.controlPlane.total, available: before.controlPlane.available },
    worker: { total: after.worker.total, available: before.worker.available },
  };
}
