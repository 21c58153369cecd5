// The workload side of the cluster: Deployments (through one ReplicaSet each), DaemonSets, the scheduler, pod
// start-up and pod garbage collection. Every function mutates the World and leaves it consistent.
import type { LabelSelector, Node, Pod, PodDisruptionBudget, Toleration } from "./k8s-types.js";
import { acceptsPod, bindPod, deletePod, newPod, ownerUid, podsOnNode, setPodReady } from "./pods.js";
import {
  type DaemonSetDef,
  type DeploymentDef,
  iso,
  key,
  nameSuffix,
  newMeta,
  newUid,
  touch,
  type World,
} from "./world.js";

export {
  bindPod,
  deletePod,
  nodeInternalIP,
  nodeIsReady,
  podsOnNode,
  refreshPodReadiness,
  tolerates,
} from "./pods.js";

/** Graceful deletion: Terminating (not Ready, replaced by its controller at once) until the grace period ends. */
export function terminatePod(world: World, pod: Pod): void {
  const grace = world.timings.podTerminationMs;
  if (grace > 0) {
    pod.metadata.deletionTimestamp = new Date(Math.floor((world.clock.now() + grace) / 1000) * 1000)
      .toISOString()
      .replace(".000Z", "Z");
    pod.metadata.deletionGracePeriodSeconds = Math.ceil(grace / 1000);
    setPodReady(world, pod);
    touch(world, pod);
    const podKey = key(pod.metadata.namespace, pod.metadata.name);
    world.clock.schedule(grace, () => {
      const current = world.pods.get(podKey);
      if (current?.metadata.uid !== pod.metadata.uid) return;
      deletePod(world, current);
      syncWorkloads(world);
    });
  } else deletePod(world, pod);
  syncWorkloads(world);
}

export interface DeploymentInput {
  namespace: string;
  name: string;
  replicas: number;
  labels?: Record<string, string>;
  tolerations?: Toleration[];
}

export function addDeployment(world: World, input: DeploymentInput): DeploymentDef {
  const hash = nameSuffix(world).padEnd(9, "7").slice(0, 9);
  const deployment: DeploymentDef = {
    namespace: input.namespace,
    name: input.name,
    uid: newUid(world),
    replicas: input.replicas,
    labels: input.labels ?? { app: input.name },
    tolerations: input.tolerations ?? [],
    replicaSet: { name: `${input.name}-${hash}`, uid: newUid(world) },
    creating: 0,
  };
  world.deployments.set(key(input.namespace, input.name), deployment);
  for (let i = 0; i < input.replicas; i++) createDeploymentPod(world, deployment);
  syncWorkloads(world);
  return deployment;
}

function createDeploymentPod(world: World, deployment: DeploymentDef): void {
  const name = `${deployment.replicaSet.name}-${nameSuffix(world)}`;
  const labels = { ...deployment.labels, "pod-template-hash": deployment.replicaSet.name.slice(-9) };
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", ...deployment.replicaSet };
  const pod = newPod(world, deployment.namespace, name, labels, owner, deployment.tolerations);
  world.pods.set(key(deployment.namespace, name), pod);
}

export function addDaemonSet(
  world: World,
  input: { namespace: string; name: string; labels?: Record<string, string> },
) {
  const daemonSet: DaemonSetDef = {
    ...input,
    labels: input.labels ?? { name: input.name },
    uid: newUid(world),
  };
  world.daemonSets.set(key(input.namespace, input.name), daemonSet);
  syncWorkloads(world);
  return daemonSet;
}

/** Deletes a DaemonSet: its pods terminate (gracefully) and are not replaced. */
export function removeDaemonSet(world: World, namespace: string, name: string): void {
  const daemonSet = world.daemonSets.get(key(namespace, name));
  if (daemonSet === undefined) throw new Error(`no DaemonSet ${namespace}/${name}`);
  world.daemonSets.delete(key(namespace, name));
  for (const pod of [...world.pods.values()]) if (ownerUid(pod) === daemonSet.uid) terminatePod(world, pod);
}

export interface PdbInput {
  namespace: string;
  name: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector: LabelSelector;
}

export function addPdb(world: World, input: PdbInput): PodDisruptionBudget {
  const pdb: PodDisruptionBudget = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { ...newMeta(world, input.name, input.namespace), namespace: input.namespace, generation: 1 },
    spec: {
      ...(input.minAvailable === undefined ? {} : { minAvailable: input.minAvailable }),
      ...(input.maxUnavailable === undefined ? {} : { maxUnavailable: input.maxUnavailable }),
      selector: input.selector,
    },
    status: {
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [],
    },
  };
  world.pdbs.set(key(input.namespace, input.name), pdb);
  return pdb;
}

/** Scale of the controller owning a pod, for PodDisruptionBudget arithmetic. */
export function ownerScale(world: World, pod: Pod): { owner: string; replicas: number } | undefined {
  const uid = ownerUid(pod);
  for (const deployment of world.deployments.values()) {
    if (deployment.replicaSet.uid === uid) return { owner: deployment.uid, replicas: deployment.replicas };
  }
  return undefined;
}

/** One pass of the ReplicaSet, DaemonSet, scheduler and pod GC controllers. */
export function syncWorkloads(world: World): void {
  for (const pod of [...world.pods.values()]) {
    if (pod.spec.nodeName !== undefined && !world.nodes.has(pod.spec.nodeName)) deletePod(world, pod);
  }
  for (const deployment of world.deployments.values()) {
    const live = [...world.pods.values()].filter(
      (p) => ownerUid(p) === deployment.replicaSet.uid && p.metadata.deletionTimestamp === undefined,
    ).length;
    const missing = deployment.replicas - live - deployment.creating;
    if (missing <= 0) continue;
    deployment.creating += missing;
    world.clock.schedule(world.timings.podRecreateMs, () => {
      deployment.creating -= missing;
      for (let i = 0; i < missing; i++) createDeploymentPod(world, deployment);
      syncWorkloads(world);
    });
  }
  for (const daemonSet of world.daemonSets.values()) {
    for (const node of world.nodes.values()) {
      const present = podsOnNode(world, node.metadata.name).some((p) => ownerUid(p) === daemonSet.uid);
      if (present || node.metadata.deletionTimestamp !== undefined) continue;
      const name = `${daemonSet.name}-${nameSuffix(world)}`;
      const owner = { apiVersion: "apps/v1", kind: "DaemonSet", name: daemonSet.name, uid: daemonSet.uid };
      // DaemonSet pods tolerate the node conditions and cordons a drain leaves behind.
      const pod = newPod(world, daemonSet.namespace, name, daemonSet.labels, owner, [{ operator: "Exists" }]);
      world.pods.set(key(daemonSet.namespace, name), pod);
      bindPod(world, pod, node);
    }
  }
  for (const node of world.nodes.values()) ensureMirrorPods(world, node);
  schedulePending(world);
}

const STATIC_PODS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

/** The kubelet of a control-plane node runs its static pods and mirrors them into the API. */
function ensureMirrorPods(world: World, node: Node): void {
  if (node.metadata.labels?.["node-role.kubernetes.io/master"] === undefined) return;
  for (const component of STATIC_PODS) {
    const name = `${component}-${node.metadata.name}`;
    if (world.pods.has(key("kube-system", name))) continue;
    const owner = { apiVersion: "v1", kind: "Node", name: node.metadata.name, uid: node.metadata.uid };
    const pod = newPod(world, "kube-system", name, { component, tier: "control-plane" }, owner, [
      { operator: "Exists", effect: "NoExecute" },
    ]);
    const hash = newUid(world).slice(-32).replaceAll("-", "");
    pod.metadata.annotations = {
      "kubernetes.io/config.hash": hash,
      "kubernetes.io/config.mirror": hash,
      "kubernetes.io/config.seen": iso(world),
      "kubernetes.io/config.source": "file",
    };
    pod.spec.priority = 2000001000;
    world.pods.set(key("kube-system", name), pod);
    bindPod(world, pod, node);
  }
}

function schedulePending(world: World): void {
  const pending = [...world.pods.values()].filter(
    (p) => p.spec.nodeName === undefined && p.metadata.deletionTimestamp === undefined,
  );
  for (const pod of pending) {
    const owner = ownerUid(pod);
    const candidates = [...world.nodes.values()]
      .filter((node) => acceptsPod(node, pod))
      .map((node) => {
        const onNode = podsOnNode(world, node.metadata.name);
        return { node, siblings: onNode.filter((p) => ownerUid(p) === owner).length, total: onNode.length };
      })
      .sort(
        (a, b) =>
          a.siblings - b.siblings ||
          a.total - b.total ||
          a.node.metadata.name.localeCompare(b.node.metadata.name),
      );
    const best = candidates[0];
    if (best !== undefined) bindPod(world, pod, best.node);
  }
}
