// The planner's invariants, written independently of the planner: a replay of the phases that counts
// machines per role and fails with a sentence naming the broken rule.
import type { Manifest } from "../../src/manifest/model.js";
import { minAvailableMasters, type Plan, type Role } from "../../src/plan/index.js";

export function checkInvariants(plan: Plan, manifest: Manifest): string[] {
  const problems: string[] = [];
  const roleOf = new Map<string, Role>(manifest.machines.map((m) => [m.name, m.role]));
  const fresh = new Set(plan.replacements.map((r) => r.name));
  for (const r of plan.replacements) roleOf.set(r.name, r.role);
  const selected = new Set(plan.selected);
  const tainted = new Set<string>();
  const done = new Set<string>();
  const added = new Set<string>();
  const botTainted = (name: string) =>
    manifest.machines.find((m) => m.name === name)?.taints.some((t) => t.key === plan.taint.key) ?? false;
  const state = {
    "control-plane": { total: 0, available: 0 },
    worker: { total: 0, available: 0 },
  };
  for (const m of manifest.machines) {
    state[m.role].total++;
    if (!botTainted(m.name)) state[m.role].available++;
  }
  const initial = structuredClone(state);
  const budget = { "control-plane": plan.budget.controlPlane, worker: plan.budget.worker };
  for (const p of plan.phases) {
    const at = `phase ${p.index} (${p.kind})`;
    if (p.machines.length === 0) problems.push(`${at} has no machines`);
    for (const name of p.machines) {
      if (roleOf.get(name) !== p.role) problems.push(`${at} mixes roles: ${name}`);
      if (p.kind === "add") {
        if (!fresh.has(name)) problems.push(`${at} adds ${name}, not a replacement`);
        if (added.has(name)) problems.push(`${at} adds ${name} twice`);
        added.add(name);
      } else {
        if (fresh.has(name)) problems.push(`${at} touches new machine ${name}`);
        if (!selected.has(name)) problems.push(`${at} touches ${name}, which the request did not select`);
      }
      if (p.kind === "taint") {
        if (tainted.has(name)) problems.push(`${at} taints ${name} twice`);
        tainted.add(name);
      }
      if (p.kind === "remove" || p.kind === "untaint") {
        if (!tainted.has(name)) problems.push(`${at} ${p.kind}s ${name} before tainting it`);
        if (done.has(name)) problems.push(`${at} ${p.kind}s ${name} twice`);
        done.add(name);
      }
    }
    const s = state[p.role];
    const n = p.machines.length;
    if (p.kind === "add") {
      s.total += n;
      s.available += n;
    } else if (p.kind === "taint") s.available -= n;
    else if (p.kind === "untaint") s.available += n;
    else s.total -= n;
    for (const role of ["control-plane", "worker"] as const) {
      const b = budget[role];
      if (b.selected === 0) continue;
      if (state[role].total > initial[role].total + b.maxSurge)
        problems.push(`${at}: ${role} total above initial + maxSurge`);
      if (role === "worker" && state.worker.available < initial.worker.available - b.maxUnavailable) {
        problems.push(`${at}: schedulable workers below initial - maxUnavailable`);
      }
    }
    const cp = state["control-plane"];
    if (cp.available < minAvailableMasters(cp.total, plan.strategy))
      problems.push(`${at}: control-plane quorum lost`);
    if (cp.total < 1) problems.push(`${at}: no control-plane machine left`);
    if (p.role === "control-plane" && n !== 1) problems.push(`${at}: ${n} control-plane machines at once`);
    const recorded = p.capacity;
    if (
      recorded.controlPlane.total !== cp.total ||
      recorded.controlPlane.available !== cp.available ||
      recorded.worker.total !== state.worker.total ||
      recorded.worker.available !== state.worker.available
    ) {
      problems.push(`${at}: recorded capacity differs from the replay`);
    }
  }
  for (const name of plan.selected) {
    if (!tainted.has(name) || !done.has(name)) problems.push(`${name} is selected but not fully patched`);
  }
  for (const r of plan.replacements) if (!added.has(r.name)) problems.push(`${r.name} is never added`);
  problems.push(...checkMinimal(plan));
  return problems;
}

/** No more phases than the batch sizes need: taint phases per role are exactly the batches. */
function checkMinimal(plan: Plan): string[] {
  const out: string[] = [];
  for (const role of ["control-plane", "worker"] as const) {
    const b = role === "worker" ? plan.budget.worker : plan.budget.controlPlane;
    if (b.selected === 0) continue;
    const perWave =
      role === "control-plane"
        ? 1
        : plan.strategy === "replace"
          ? b.maxSurge + b.maxUnavailable
          : b.maxUnavailable;
    const taints = plan.phases.filter((p) => p.role === role && p.kind === "taint").length;
    const adds = plan.phases.filter((p) => p.role === role && p.kind === "add").length;
    if (taints !== Math.ceil(b.selected / perWave))
      out.push(`${role}: ${taints} taint phases for ${b.selected} machines in batches of ${perWave}`);
    if (adds > taints + 1) out.push(`${role}: ${adds} add phases for ${taints} taint phases`);
  }
  return out;
}
