// PodDisruptionBudget status as the disruption controller computes it (policy/v1), from the pods it selects.
import type { Pod, PodDisruptionBudget } from "./k8s-types.js";
import { selectorMatches } from "./labels.js";

export interface BudgetNumbers {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export function isPodReady(pod: Pod): boolean {
  return (
    pod.metadata.deletionTimestamp === undefined &&
    pod.status.phase === "Running" &&
    (pod.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
  );
}

export function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

export function budgetSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  return (
    pdb.metadata.namespace === pod.metadata.namespace &&
    selectorMatches(pdb.spec.selector, pod.metadata.labels)
  );
}

/** `intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)`. */
export function scaled(value: number | string, total: number): number {
  if (typeof value === "number") return value;
  const match = /^(\d+)%$/.exec(value);
  if (match === null) throw new RangeError(`invalid int-or-percent value ${JSON.stringify(value)}`);
  return Math.ceil((Number(match[1]) * total) / 100);
}

/**
 * `expectedPods` is the scale of the controllers owning the selected pods, as upstream reads it from their
 * scale subresource; `expectedScale` gives it per owner (pods without a known owner count as one each).
 */
export function budgetNumbers(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  expectedScale: (pod: Pod) => { owner: string; replicas: number } | undefined,
  neverAllow: boolean,
): BudgetNumbers {
  const selected = pods.filter((pod) => budgetSelects(pdb, pod) && !isTerminal(pod));
  const currentHealthy = selected.filter(isPodReady).length;
  let expectedPods = 0;
  const seenOwners = new Set<string>();
  for (const pod of selected) {
    const scale = expectedScale(pod);
    if (scale === undefined) expectedPods += 1;
    else if (!seenOwners.has(scale.owner)) {
      seenOwners.add(scale.owner);
      expectedPods += scale.replicas;
    }
  }
  let desiredHealthy: number;
  if (pdb.spec.maxUnavailable !== undefined) {
    desiredHealthy = Math.max(0, expectedPods - scaled(pdb.spec.maxUnavailable, expectedPods));
  } else if (pdb.spec.minAvailable !== undefined) {
    desiredHealthy = scaled(pdb.spec.minAvailable, expectedPods);
  } else {
    desiredHealthy = expectedPods;
  }
  const disruptionsAllowed = neverAllow ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  return { expectedPods, currentHealthy, desiredHealthy, disruptionsAllowed };
}
