// Turns validated API objects into the plain ClusterSnapshot the readiness gates read. Pure.
import type {
  ClusterSnapshot,
  NodeTaint,
  SnapshotBudget,
  SnapshotNode,
  SnapshotPod,
} from "../generated/cluster-snapshot.js";
import type { Node, Pod, PodDisruptionBudget } from "../generated/k8s-api.js";
import { BOT_CORDON_ANNOTATION } from "./port.js";
import { selectorMatches } from "./selector.js";

export type SkipReason = "daemonset" | "mirror" | "terminal";

/** Why a drain leaves a pod on its node, or undefined when the pod must be evicted. */
export function drainSkipReason(pod: Pod): SkipReason | undefined {
  if (pod.metadata.annotations?.["kubernetes.io/config.mirror"] !== undefined) return "mirror";
  if (controller(pod)?.kind === "DaemonSet") return "daemonset";
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return "terminal";
  return undefined;
}

function controller(pod: Pod) {
  const owners = pod.metadata.ownerReferences ?? [];
  return owners.find((o) => o.controller === true) ?? owners[0];
}

function copyTaint(t: NodeTaint): NodeTaint {
  return {
    key: t.key,
    ...(t.value === undefined || t.value === "" ? {} : { value: t.value }),
    effect: t.effect,
  };
}

export function toSnapshotPod(pod: Pod, budgets: readonly PodDisruptionBudget[]): SnapshotPod {
  const owner = controller(pod);
  const skip = drainSkipReason(pod);
  const labels = { ...pod.metadata.labels };
  return {
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    ...(owner === undefined ? {} : { ownerKind: owner.kind, ownerName: owner.name }),
    labels,
    phase: pod.status?.phase ?? "Unknown",
    ready: (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    terminating: pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null,
    evictable: skip === undefined,
    ...(skip === undefined ? {} : { skipReason: skip }),
    budgets: budgets
      .filter(
        (b) => b.metadata.namespace === pod.metadata.namespace && selectorMatches(b.spec.selector, labels),
      )
      .map((b) => b.metadata.name),
  };
}

export function toSnapshotNode(node: Node, pods: SnapshotPod[]): SnapshotNode {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const labels = { ...node.metadata.labels };
  const annotations = { ...node.metadata.annotations };
  const internalIP = node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  const unschedulable = node.spec?.unschedulable === true;
  const readyMessage = [ready?.reason, ready?.message].filter((s) => s !== undefined && s !== "").join(": ");
  return {
    name: node.metadata.name,
    ...(internalIP === undefined ? {} : { internalIP }),
    ready: ready?.status === "True",
    ...(ready?.status === "True" || readyMessage === "" ? {} : { readyMessage }),
    unschedulable,
    cordonedByBot: unschedulable && annotations[BOT_CORDON_ANNOTATION] === "true",
    taints: (node.spec?.taints ?? []).map(copyTaint),
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? "",
    osImage: node.status?.nodeInfo?.osImage ?? "",
    kernelVersion: node.status?.nodeInfo?.kernelVersion ?? "",
    controlPlane:
      labels["node-role.kubernetes.io/master"] !== undefined ||
      labels["node-role.kubernetes.io/control-plane"] !== undefined,
    labels,
    annotations,
    pods,
  };
}

export function toSnapshotBudget(pdb: PodDisruptionBudget): SnapshotBudget {
  const selector = pdb.spec.selector;
  return {
    namespace: pdb.metadata.namespace,
    name: pdb.metadata.name,
    ...(selector === undefined
      ? {}
      : {
          selector: {
            ...(selector.matchLabels === undefined ? {} : { matchLabels: { ...selector.matchLabels } }),
            ...(selector.matchExpressions === undefined
              ? {}
              : {
                  matchExpressions: selector.matchExpressions.map((e) => ({
                    key: e.key,
                    operator: e.operator,
                    ...(e.values === undefined ? {} : { values: [...e.values] }),
                  })),
                }),
          },
        }),
    ...(pdb.spec.minAvailable === undefined ? {} : { minAvailable: pdb.spec.minAvailable }),
    ...(pdb.spec.maxUnavailable === undefined ? {} : { maxUnavailable: pdb.spec.maxUnavailable }),
    disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
    currentHealthy: pdb.status?.currentHealthy ?? 0,
    desiredHealthy: pdb.status?.desiredHealthy ?? 0,
    expectedPods: pdb.status?.expectedPods ?? 0,
  };
}

export function buildSnapshot(
  nodes: readonly Node[],
  pods: readonly Pod[],
  budgets: readonly PodDisruptionBudget[],
  takenAt: string,
): ClusterSnapshot {
  const byNode = new Map<string, SnapshotPod[]>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (nodeName === undefined || nodeName === "") continue;
    const list = byNode.get(nodeName) ?? [];
    list.push(toSnapshotPod(pod, budgets));
    byNode.set(nodeName, list);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    takenAt,
    nodes: nodes.map((n) => toSnapshotNode(n, (byNode.get(n.metadata.name) ?? []).sort(byName))).sort(byName),
    podDisruptionBudgets: budgets
      .map(toSnapshotBudget)
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
  };
}

/** The Node of a machine: the one whose InternalIP is the machine's private address, as the WKS controller matches. */
export function nodeForAddress(snapshot: ClusterSnapshot, privateAddress: string): SnapshotNode | undefined {
  return snapshot.nodes.find((node) => node.internalIP === privateAddress);
}
