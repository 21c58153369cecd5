// Pods on nodes: which node accepts a pod (taints and tolerations), binding, readiness as the kubelet reports
// it, and deletion. Every function mutates the World and leaves it consistent.
import type { Condition, Node, NodeTaint, Pod, Toleration } from "./k8s-types.js";
import { iso, key, newMeta, touch, type World } from "./world.js";

export function nodeIsReady(node: Node): boolean {
  return node.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
}

export function nodeInternalIP(node: Node): string | undefined {
  return node.status.addresses.find((a) => a.type === "InternalIP")?.address;
}

export function tolerates(tolerations: readonly Toleration[], taint: NodeTaint): boolean {
  return tolerations.some(
    (t) =>
      (t.effect === undefined || t.effect === taint.effect) &&
      (t.key === undefined
        ? t.operator === "Exists"
        : t.key === taint.key && (t.operator === "Exists" || (t.value ?? "") === (taint.value ?? ""))),
  );
}

export function acceptsPod(node: Node, pod: Pod): boolean {
  if (
    !nodeIsReady(node) ||
    node.spec.unschedulable === true ||
    node.metadata.deletionTimestamp !== undefined
  ) {
    return false;
  }
  return (node.spec.taints ?? [])
    .filter((t) => t.effect !== "PreferNoSchedule")
    .every((t) => tolerates(pod.spec.tolerations ?? [], t));
}

export function podsOnNode(world: World, nodeName: string): Pod[] {
  return [...world.pods.values()].filter((p) => p.spec.nodeName === nodeName);
}

export function ownerUid(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller === true)?.uid;
}

export function newPod(
  world: World,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  owner: { apiVersion: string; kind: string; name: string; uid: string },
  tolerations: Toleration[],
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...newMeta(world, name, namespace),
      namespace,
      labels: { ...labels },
      ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{ name: labels.app ?? name, image: `registry.example/${labels.app ?? name}:1.0` }],
      ...(tolerations.length > 0 ? { tolerations } : {}),
      schedulerName: "default-scheduler",
      restartPolicy: "Always",
    },
    status: { phase: "Pending", conditions: [] },
  };
}

/** Binds the pod to the node and starts it after the start-up delay, as the kubelet would. */
export function bindPod(world: World, pod: Pod, node: Node): void {
  pod.spec.nodeName = node.metadata.name;
  const hostIP = nodeInternalIP(node);
  if (hostIP !== undefined) pod.status.hostIP = hostIP;
  pod.status.conditions = [{ type: "PodScheduled", status: "True", lastTransitionTime: iso(world) }];
  touch(world, pod);
  const podKey = key(pod.metadata.namespace, pod.metadata.name);
  world.clock.schedule(world.timings.podStartMs, () => {
    const current = world.pods.get(podKey);
    if (current === undefined || current.metadata.uid !== pod.metadata.uid) return;
    current.status.phase = "Running";
    current.status.startTime = iso(world);
    current.status.podIP = `10.32.${Math.floor(world.counters.uid / 250) % 250}.${(world.counters.uid % 250) + 2}`;
    setPodReady(world, current);
    touch(world, current);
  });
}

/** A running pod is Ready while its node is (the node lifecycle controller marks it otherwise). */
export function setPodReady(world: World, pod: Pod): boolean {
  const node = pod.spec.nodeName === undefined ? undefined : world.nodes.get(pod.spec.nodeName);
  const ready =
    pod.status.phase === "Running" &&
    pod.metadata.deletionTimestamp === undefined &&
    node !== undefined &&
    nodeIsReady(node)
      ? "True"
      : "False";
  const now = iso(world);
  const conditions: Condition[] = (pod.status.conditions ?? []).filter(
    (c) => c.type !== "Ready" && c.type !== "ContainersReady" && c.type !== "Initialized",
  );
  const previous = pod.status.conditions?.find((c) => c.type === "Ready");
  if (previous?.status === ready) return false;
  conditions.push(
    { type: "Initialized", status: "True", lastTransitionTime: now },
    { type: "Ready", status: ready, lastTransitionTime: now },
    { type: "ContainersReady", status: ready, lastTransitionTime: now },
  );
  pod.status.conditions = conditions;
  return true;
}

export function refreshPodReadiness(world: World, nodeName: string): void {
  for (const pod of podsOnNode(world, nodeName)) {
    if (pod.status.phase === "Running" && setPodReady(world, pod)) touch(world, pod);
  }
}

export function deletePod(world: World, pod: Pod): void {
  world.pods.delete(key(pod.metadata.namespace, pod.metadata.name));
}
