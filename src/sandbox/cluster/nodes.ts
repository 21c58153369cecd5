// Node objects and what the node lifecycle controller and kubelet do to them: registration, the Ready
// condition, the taints that mirror conditions and cordons, and the kured reboot that patches a node in place.
import type { Node, NodeTaint } from "./k8s-types.js";
import { nodeIsReady, refreshPodReadiness, syncWorkloads } from "./workloads.js";
import { iso, type ManagedMachine, type NodeImage, newUid, touch, type World } from "./world.js";

export const KURED_REBOOT_IN_PROGRESS = "weave.works/kured-reboot-in-progress";
export const KURED_MOST_RECENT_REBOOT_NEEDED = "weave.works/kured-most-recent-reboot-needed";
export const MASTER_ROLE_LABEL = "node-role.kubernetes.io/master";
const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
const NOT_READY_TAINT = "node.kubernetes.io/not-ready";

export function kubeletVersion(world: World, version: string | undefined): string {
  if (version === undefined) return world.defaultKubeletVersion;
  return version.startsWith("v") ? version : `v${version}`;
}

export function imageFor(world: World, address: string): NodeImage {
  return world.images.get(address) ?? world.defaultImage;
}

export function newNode(world: World, machine: ManagedMachine): Node {
  const now = iso(world);
  const image = imageFor(world, machine.privateAddress);
  const version = kubeletVersion(world, machine.version);
  const controlPlane = machine.role === "control-plane";
  const condition = (type: string, status: "True" | "False", reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const id = newUid(world).replaceAll("-", "");
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: machine.nodeName,
      uid: newUid(world),
      resourceVersion: "0",
      creationTimestamp: now,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": machine.nodeName,
        "kubernetes.io/os": "linux",
        ...(controlPlane ? { [MASTER_ROLE_LABEL]: "" } : {}),
      },
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "/var/run/dockershim.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    // kubeadm taints control-plane nodes; the bot must leave such foreign taints alone.
    spec: controlPlane ? { taints: [{ key: MASTER_ROLE_LABEL, effect: "NoSchedule" }] } : {},
    status: {
      conditions: [
        condition(
          "MemoryPressure",
          "False",
          "KubeletHasSufficientMemory",
          "kubelet has sufficient memory available",
        ),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition(
          "Ready",
          "False",
          "KubeletNotReady",
          "runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized",
        ),
      ],
      addresses: [
        { type: "InternalIP", address: machine.privateAddress },
        { type: "Hostname", address: machine.nodeName },
      ],
      nodeInfo: {
        machineID: id,
        systemUUID: id.toUpperCase(),
        bootID: newUid(world),
        kernelVersion: image.kernelVersion,
        osImage: image.osImage,
        containerRuntimeVersion: "docker://19.3.8",
        kubeletVersion: version,
        kubeProxyVersion: version,
        operatingSystem: "linux",
        architecture: "amd64",
      },
      capacity: { cpu: "4", "ephemeral-storage": "41152812Ki", memory: "8008880Ki", pods: "110" },
      allocatable: { cpu: "4", "ephemeral-storage": "37926431477", memory: "7906480Ki", pods: "110" },
    },
  };
}

export function setNodeReady(world: World, node: Node, ready: boolean, message?: string): void {
  const condition = node.status.conditions.find((c) => c.type === "Ready");
  if (condition === undefined) return;
  const status = ready ? "True" : "False";
  const now = iso(world);
  condition.lastHeartbeatTime = now;
  if (condition.status !== status) {
    condition.status = status;
    condition.lastTransitionTime = now;
    condition.reason = ready ? "KubeletReady" : "KubeletNotReady";
    condition.message = message ?? (ready ? "kubelet is posting ready status" : "PLEG is not healthy");
  }
  afterNodeChange(world, node);
}

/** What the node lifecycle controller, the kubelet, the scheduler and kured do after a node changed. */
export function afterNodeChange(world: World, node: Node): void {
  const ready = nodeIsReady(node);
  const system: NodeTaint[] = [];
  const taints = (node.spec.taints ?? []).filter(
    (t) => t.key !== UNSCHEDULABLE_TAINT && t.key !== NOT_READY_TAINT,
  );
  if (node.spec.unschedulable === true) {
    const old = node.spec.taints?.find((t) => t.key === UNSCHEDULABLE_TAINT);
    system.push({ key: UNSCHEDULABLE_TAINT, effect: "NoSchedule", timeAdded: old?.timeAdded ?? iso(world) });
  }
  if (!ready) {
    const old = node.spec.taints?.find((t) => t.key === NOT_READY_TAINT);
    system.push({ key: NOT_READY_TAINT, effect: "NoSchedule", timeAdded: old?.timeAdded ?? iso(world) });
  }
  const next = [...taints, ...system];
  if (next.length > 0) node.spec.taints = next;
  else delete node.spec.taints;
  touch(world, node);
  refreshPodReadiness(world, node.metadata.name);
  const patch = world.pendingPatches.get(node.metadata.name);
  if (patch !== undefined && isDisrupted(node)) {
    world.pendingPatches.delete(node.metadata.name);
    rebootWithImage(world, node, patch);
  }
  syncWorkloads(world);
}

/** Cordoned, or carrying a NoSchedule/NoExecute taint someone placed (not the automatic condition taints). */
export function isDisrupted(node: Node): boolean {
  return (
    node.spec.unschedulable === true ||
    (node.spec.taints ?? []).some(
      (t) => t.key !== NOT_READY_TAINT && t.key !== MASTER_ROLE_LABEL && t.effect !== "PreferNoSchedule",
    )
  );
}

/** Patches the node's OS and reboots it as kured does: NotReady with kured's annotation, then Ready again. */
export function rebootWithImage(world: World, node: Node, image: NodeImage): void {
  const name = node.metadata.name;
  const annotations = node.metadata.annotations ?? {};
  annotations[KURED_REBOOT_IN_PROGRESS] = iso(world);
  annotations[KURED_MOST_RECENT_REBOOT_NEEDED] = iso(world);
  node.metadata.annotations = annotations;
  world.rebooting.add(name);
  setNodeReady(world, node, false, "node is rebooting");
  world.clock.schedule(world.timings.rebootMs, () => {
    world.rebooting.delete(name);
    const current = world.nodes.get(name);
    if (current === undefined || current.metadata.uid !== node.metadata.uid) return;
    current.status.nodeInfo.osImage = image.osImage;
    current.status.nodeInfo.kernelVersion = image.kernelVersion;
    current.status.nodeInfo.bootID = newUid(world);
    const address = current.status.addresses.find((a) => a.type === "InternalIP")?.address;
    if (address !== undefined) world.images.set(address, image);
    delete current.metadata.annotations?.[KURED_REBOOT_IN_PROGRESS];
    if (!world.faults.neverReady.has(address ?? "")) setNodeReady(world, current, true);
    else afterNodeChange(world, current);
  });
}
