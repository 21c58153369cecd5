// The Eviction subresource (policy/v1): a pod may go only if every budget selecting it can spare it.
import type { Status } from "./k8s-types.js";
import { budgetNumbers, budgetSelects, isPodReady, isTerminal } from "./pdb.js";
import { failure, notFound } from "./status.js";
import { ownerScale, terminatePod } from "./workloads.js";
import { key, type World } from "./world.js";

export const PDB_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export function budgetNumbersFor(world: World, namespace: string, name: string) {
  const pdb = world.pdbs.get(key(namespace, name));
  if (pdb === undefined) return undefined;
  const pods = [...world.pods.values()];
  return budgetNumbers(
    pdb,
    pods,
    (pod) => ownerScale(world, pod),
    world.faults.pdbNeverAllows.has(key(namespace, name)),
  );
}

/** Evicts a pod; `undefined` means it was evicted (the API answers 201 with the Eviction). */
export function evictPod(world: World, namespace: string, name: string): Status | undefined {
  const pod = world.pods.get(key(namespace, name));
  if (pod === undefined) return notFound("pods", name);
  // Evicting a pod that is already going changes nothing.
  if (pod.metadata.deletionTimestamp !== undefined) return undefined;
  if (!isTerminal(pod)) {
    const budgets = [...world.pdbs.values()].filter((pdb) => budgetSelects(pdb, pod));
    if (budgets.length > 1) {
      return failure(
        500,
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
      );
    }
    const pdb = budgets[0];
    if (pdb !== undefined) {
      const numbers = budgetNumbersFor(world, namespace, pdb.metadata.name);
      // Upstream's default unhealthyPodEvictionPolicy (IfHealthyBudget): a pod that is not Ready may go as
      // long as the budget is currently met; a Ready one needs a disruption to spare.
      const allowed =
        numbers !== undefined &&
        (isPodReady(pod) ? numbers.disruptionsAllowed > 0 : numbers.currentHealthy >= numbers.desiredHealthy);
      if (!allowed) {
        return failure(429, PDB_VIOLATION_MESSAGE, {
          causes: [
            {
              reason: "DisruptionBudget",
              message: `The disruption budget ${pdb.metadata.name} needs ${numbers?.desiredHealthy ?? 0} healthy pods and has ${numbers?.currentHealthy ?? 0} currently`,
            },
          ],
        });
      }
    }
  }
  terminatePod(world, pod);
  return undefined;
}
