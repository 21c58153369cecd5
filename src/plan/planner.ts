// The planner: (manifest, request, config, pool) in, a plan of waves and single-kind phases out, or the
// reasons it refuses. Pure and deterministic: no clock, no I/O, locale-independent ordering.

import type { PatchRequest } from "../generated/patch-request.js";
import type { Capacity, NewMachine, Phase, Plan, Role, Wave } from "../generated/plan.js";
import type { MachinePair, Manifest } from "../manifest/model.js";
import {
  DEFAULT_MAX_SURGE,
  DEFAULT_MAX_UNAVAILABLE,
  minAvailableMasters,
  resolveIntOrPercent,
} from "./budget.js";
import {
  checkAlreadyTainted,
  checkCluster,
  checkPackages,
  checkStrategyFields,
  clusterNameOf,
  hasBotTaint,
} from "./checks.js";
import { type PlannerConfig, plannerConfig } from "./config.js";
import { branchName, commitMessage, phaseEffect, phaseGate, phaseTitle } from "./describe.js";
import { type Refusal, refusal } from "./refusal.js";
import { chooseReplacements } from "./replacements.js";
import { rolloutId } from "./rollout-id.js";
import { failureDomainOf, selectMachines } from "./select.js";
import { inPlaceWaves, replaceWaves, type WaveSpec } from "./waves.js";

export interface PlanInput {
  manifest: Manifest;
  request: PatchRequest;
  /** Defaults to `plannerConfig()` (the config schema's defaults). */
  config?: PlannerConfig;
  /** The parsed pool file (config.poolPath), when `replace` takes spares from it. */
  pool?: Manifest;
  /** Overrides the id derived from the inputs (e.g. to re-plan a rollout that is under way). */
  rolloutId?: string;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; refusals: Refusal[] };

interface RoleBudget {
  selected: number;
  maxSurge: number;
  maxUnavailable: number;
}

export function planRollout(input: PlanInput): PlanResult {
  const { manifest, request } = input;
  const config = input.config ?? plannerConfig();
  const early = [
    ...checkPackages(request),
    ...checkStrategyFields(request),
    ...checkCluster(manifest, config.clusterName),
  ];
  const selection = selectMachines(manifest, request, config.failureDomainLabels);
  if (!selection.ok) return { ok: false, refusals: [...early, ...selection.refusals] };
  const { controlPlane, worker } = selection.selected;
  const rolling = [...controlPlane, ...worker];
  const budgets = {
    controlPlane: roleBudget(request, controlPlane.length),
    worker: roleBudget(request, worker.length),
  };
  const refusals = [
    ...early,
    ...checkAlreadyTainted(rolling, config.taintKey),
    ...checkBudgets(request.strategy, budgets),
  ];
  let replacements: NewMachine[] = [];
  if (request.strategy === "replace" && refusals.length === 0) {
    const chosen = chooseReplacements(manifest, request, rolling, input.pool, config.poolPath);
    if (chosen.ok) replacements = chosen.replacements;
    else refusals.push(...chosen.refusals);
  }
  if (refusals.length > 0) return { ok: false, refusals };

  const specs = [
    ...roleWaves("control-plane", request.strategy, controlPlane, replacements, budgets.controlPlane),
    ...roleWaves("worker", request.strategy, worker, replacements, budgets.worker),
  ];
  const id = input.rolloutId ?? rolloutId({ manifest, request, config, pool: input.pool });
  const taint = { key: config.taintKey, value: id, effect: "NoSchedule" as const };
  const initial = initialCapacity(manifest.machines, config.taintKey);
  const fromPool = replacements.some((r) => r.source === "pool");
  const waves: Wave[] = [];
  const phases: Phase[] = [];
  const totalPhases = specs.reduce((n, s) => n + s.steps.length, 0);
  const capacity = structuredClone(initial);
  const quorum: Refusal[] = [];
  const header: Pick<Plan, "id" | "reason"> = { id };
  if (request.reason !== undefined) header.reason = request.reason;
  for (const [w, spec] of specs.entries()) {
    const byDomain = failureDomains(spec.machines, manifest.machines, config.failureDomainLabels);
    waves.push({
      index: w + 1,
      role: spec.role,
      machines: spec.machines,
      added: spec.added.map((n) => n.name),
      failureDomains: byDomain,
    });
    for (const step of spec.steps) {
      const index = phases.length + 1;
      applyStep(capacity, spec.role, step.kind, step.machines.length);
      const cp = capacity.controlPlane;
      if (cp.available < minAvailableMasters(cp.total, request.strategy) && quorum.length === 0) {
        quorum.push(quorumRefusal(request.strategy, step.machines[0] ?? "", cp.available, cp.total));
      }
      const title = phaseTitle(step.kind, spec.role, step.machines);
      phases.push({
        index,
        wave: w + 1,
        kind: step.kind,
        role: spec.role,
        machines: step.machines,
        title,
        effect: phaseEffect(step.kind, spec.role, step.machines, request.strategy, taint, fromPool),
        gate: phaseGate(step.kind, step.machines, request.strategy, request.target, taint),
        branch: branchName(id, index, step.kind),
        commitMessage: commitMessage(
          header,
          { index, wave: w + 1, kind: step.kind, machines: step.machines, title },
          totalPhases,
        ),
        capacity: structuredClone(capacity),
      });
    }
  }
  if (quorum.length > 0) return { ok: false, refusals: quorum };

  const plan: Plan = {
    id,
    strategy: request.strategy,
    cluster: clusterNameOf(manifest, config.clusterName),
    manifestPath: config.manifestPath,
    taint,
    budget: budgets,
    initial,
    selected: rolling.map((m) => m.name),
    replacements,
    waves,
    phases,
  };
  if (fromPool && config.poolPath !== undefined) plan.poolPath = config.poolPath;
  if (request.reason !== undefined) plan.reason = request.reason;
  if (request.target !== undefined) plan.target = { ...request.target };
  if (request.packages !== undefined) plan.packages = [...request.packages];
  return { ok: true, plan };
}

function roleBudget(request: PatchRequest, selected: number): RoleBudget {
  return {
    selected,
    maxSurge: resolveIntOrPercent(request.maxSurge ?? DEFAULT_MAX_SURGE, selected, "up"),
    maxUnavailable: resolveIntOrPercent(request.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, selected, "down"),
  };
}

function checkBudgets(
  strategy: Plan["strategy"],
  budgets: Record<"controlPlane" | "worker", RoleBudget>,
): Refusal[] {
  const out: Refusal[] = [];
  for (const [key, b] of Object.entries(budgets)) {
    const role = key === "controlPlane" ? "control-plane" : "worker";
    if (b.selected === 0) continue;
    if (b.maxSurge === 0 && b.maxUnavailable === 0) {
      out.push(
        refusal(
          "zero-budget",
          `maxSurge and maxUnavailable both resolve to 0 for the ${b.selected} selected ${role} machine${b.selected === 1 ? "" : "s"}: nothing could ever move`,
          "allow at least one: maxSurge adds machines before removing old ones, maxUnavailable takes some out of service",
          { path: ["maxSurge"] },
        ),
      );
    } else if (strategy === "replace" && role === "control-plane" && b.maxSurge === 0) {
      out.push(
        refusal(
          "control-plane-needs-surge",
          "control-plane machines are replaced add-before-remove (etcd quorum), which needs maxSurge of at least 1",
          "set maxSurge to 1 (control-plane machines always roll one at a time)",
          { path: ["maxSurge"] },
        ),
      );
    } else if (strategy === "in-place" && role === "worker" && b.maxUnavailable === 0) {
      out.push(
        refusal(
          "in-place-needs-unavailable",
          `in-place patching takes machines out of service, but maxUnavailable resolves to 0 for the ${b.selected} selected workers`,
          'set maxUnavailable to a count or a percentage (e.g. 1 or "25%"); maxSurge does not apply in place',
          { path: ["maxUnavailable"] },
        ),
      );
    }
  }
  return out;
}

function roleWaves(
  role: Role,
  strategy: Plan["strategy"],
  machines: readonly MachinePair[],
  replacements: readonly NewMachine[],
  budget: RoleBudget,
): WaveSpec[] {
  if (machines.length === 0) return [];
  const names = machines.map((m) => m.name);
  // The control plane always rolls one machine at a time, add-before-remove, whatever the batch sizes.
  const controlPlane = role === "control-plane";
  if (strategy === "in-place") return inPlaceWaves(role, names, controlPlane ? 1 : budget.maxUnavailable);
  const news = replacements.filter((r) => r.role === role);
  return controlPlane
    ? replaceWaves(role, names, news, 1, 0)
    : replaceWaves(role, names, news, budget.maxSurge, budget.maxUnavailable);
}

function initialCapacity(machines: readonly MachinePair[], taintKey: string): Capacity {
  const counts = (role: Role) => {
    const of = machines.filter((m) => m.role === role);
    return { total: of.length, available: of.filter((m) => !hasBotTaint(m, taintKey)).length };
  };
  return { controlPlane: counts("control-plane"), worker: counts("worker") };
}

function applyStep(capacity: Capacity, role: Role, kind: Phase["kind"], n: number): void {
  const c = role === "control-plane" ? capacity.controlPlane : capacity.worker;
  if (kind === "add") {
    c.total += n;
    c.available += n;
  } else if (kind === "taint") c.available -= n;
  else if (kind === "untaint") c.available += n;
  else c.total -= n;
}

function failureDomains(
  names: readonly string[],
  machines: readonly MachinePair[],
  labels: readonly string[],
): Record<string, number> {
  const byName = new Map(machines.map((m) => [m.name, m]));
  const out: Record<string, number> = {};
  for (const name of names) {
    const m = byName.get(name);
    const domain = m === undefined ? undefined : failureDomainOf(m, labels);
    if (domain !== undefined) out[domain] = (out[domain] ?? 0) + 1;
  }
  return out;
}

function quorumRefusal(
  strategy: Plan["strategy"],
  machine: string,
  available: number,
  total: number,
): Refusal {
  const needed = minAvailableMasters(total, strategy);
  return refusal(
    "control-plane-quorum",
    `patching ${machine} ${strategy} would leave ${available} of ${total} control-plane machine${total === 1 ? "" : "s"} Ready and untainted, and ${needed} must stay${strategy === "in-place" ? " (etcd quorum while it reboots)" : " (the WKS controller's rule for updating a master)"}`,
    strategy === "in-place"
      ? "use strategy: replace (a new master joins before the old one leaves), or add control-plane machines first"
      : "bring the other control-plane machines back to Ready and untainted first",
    { machine },
  );
}
