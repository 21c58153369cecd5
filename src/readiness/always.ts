// Conditions every gate checks, whatever the phase: capacity within the plan's budget, control-plane
// quorum, and the configured blockers (pods on the nodes in flight, firing alerts), as kured checks them.

import { selectorMatches } from "../cluster/selector.js";
import type { ClusterSnapshot, SnapshotNode } from "../generated/cluster-snapshot.js";
import type { Plan } from "../generated/plan.js";
import type { FiringAlert } from "../generated/readiness.js";
import type { Manifest, Role } from "../manifest/model.js";
import { minAvailableMasters } from "../plan/budget.js";
import type { GateCondition } from "./machines.js";
import type { GateSettings } from "./settings.js";
import { plural, selectorText } from "./words.js";

/** In service: Ready, schedulable and without the bot's taint. */
function inService(node: SnapshotNode | undefined, taintKey: string): boolean {
  if (node === undefined) return false;
  return node.ready && !node.unschedulable && !node.taints.some((t) => t.key === taintKey);
}

function countInService(manifest: Manifest, snapshot: ClusterSnapshot, role: Role, taintKey: string) {
  const machines = manifest.machines.filter((m) => m.role === role);
  const nodes = new Map(snapshot.nodes.map((n) => [n.internalIP, n]));
  const available = machines.filter((m) => inService(nodes.get(m.private.address), taintKey)).length;
  return { total: machines.length, available };
}

/**
 * Workers in service must not drop below what the plan allows: the machines available at the start less
 * `maxUnavailable` (Cluster API semantics). Checked only for a role the plan rolls: a control-plane rollout
 * is not held by a worker nobody asked it to patch.
 */
export function capacityConditions(
  plan: Plan,
  manifest: Manifest,
  snapshot: ClusterSnapshot,
): GateCondition[] {
  const conditions: GateCondition[] = [];
  const budget = plan.budget.worker;
  if (budget.selected > 0) {
    const { available } = countInService(manifest, snapshot, "worker", plan.taint.key);
    const start = plan.initial.worker.available;
    const floor = Math.max(0, start - budget.maxUnavailable);
    conditions.push({
      ok: available >= floor,
      text: `workers: ${available} in service (Ready, schedulable, untainted), at least ${floor} needed (${start} at the start, maxUnavailable ${budget.maxUnavailable})`,
    });
  }
  const cp = countInService(manifest, snapshot, "control-plane", plan.taint.key);
  if (cp.total > 0) {
    const needed = minAvailableMasters(cp.total, plan.strategy);
    conditions.push({
      ok: cp.available >= needed,
      text: `control plane: ${cp.available} of ${cp.total} in service, at least ${needed} needed for ${plan.strategy === "in-place" ? "etcd quorum" : "the WKS controller to update a master"}`,
    });
  }
  return conditions;
}

/** Pods matching a blocking selector on any node in flight (finished pods do not block). */
export function podBlockers(
  nodes: ReadonlyArray<{ label: string; node: SnapshotNode }>,
  settings: GateSettings,
): GateCondition[] {
  if (settings.blockingPodSelectors.length === 0) return [];
  const found: GateCondition[] = [];
  for (const { label, node } of nodes) {
    for (const pod of node.pods) {
      if (pod.phase === "Succeeded" || pod.phase === "Failed") continue;
      const selector = settings.blockingPodSelectors.find((s) => selectorMatches(s, pod.labels));
      if (selector === undefined) continue;
      found.push({
        ok: false,
        blocker: true,
        text: `${pod.namespace}/${pod.name} on ${label} blocks the rollout (blocking pod selector ${selectorText(selector)})`,
      });
    }
  }
  if (found.length > 0) return found;
  return [{ ok: true, text: `no blocking pods on the ${plural(nodes.length, "node")} in flight` }];
}

/** Any firing alert blocks, except those the config ignores; unread alerts block too (never go on hope). */
export function alertBlockers(
  settings: GateSettings,
  alerts: readonly FiringAlert[] | undefined,
): GateCondition[] {
  const prometheus = settings.prometheus;
  if (prometheus === undefined) return [];
  if (alerts === undefined) {
    return [{ ok: false, blocker: true, text: `Prometheus alerts from ${prometheus.url} could not be read` }];
  }
  let ignore: RegExp | undefined;
  try {
    // Unanchored, as kured matches --alert-filter-regexp against the alert name: the same config means the same.
    ignore = prometheus.ignoreAlerts === undefined ? undefined : new RegExp(prometheus.ignoreAlerts);
  } catch {
    return [
      {
        ok: false,
        blocker: true,
        text: `ignoreAlerts ${JSON.stringify(prometheus.ignoreAlerts)} is not a valid regular expression`,
      },
    ];
  }
  const firing = alerts.filter((a) => ignore === undefined || !ignore.test(a.name));
  if (firing.length === 0) {
    const ignored = alerts.length - firing.length;
    return [
      { ok: true, text: `no firing alerts${ignored === 0 ? "" : ` (${plural(ignored, "ignored alert")})`}` },
    ];
  }
  return firing.map((a) => ({
    ok: false,
    blocker: true as const,
    text: `alert ${a.name} is firing${a.activeAt === undefined ? "" : ` (since ${a.activeAt})`}`,
  }));
}
