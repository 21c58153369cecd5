// The WKS controller's view of machines: a new machine becomes a Node after provisioning and turns Ready;
// a machine that left the manifest is cordoned, drained (1-minute timeout, budgets honoured) and its Node
// deleted. Like upstream, the finalizer is dropped even when the drain fails; with the fault flag set, the
// Node then stays joined and cordoned, as it does when the kubelet on a machine nobody stopped lives on.
import { evictPod } from "./eviction.js";
import type { Node, Pod } from "./k8s-types.js";
import { afterNodeChange, newNode, setNodeReady } from "./nodes.js";
import { isTerminal } from "./pdb.js";
import { nodeInternalIP, podsOnNode, syncWorkloads } from "./workloads.js";
import { iso, type ManagedMachine, type World } from "./world.js";

export interface DesiredMachine {
  name: string;
  role: "control-plane" | "worker";
  privateAddress: string;
  version?: string;
}

export interface ReconcileResult {
  /** Machines the controller started to provision. */
  created: string[];
  /** Machines the controller started to drain and delete. */
  deleting: string[];
}

const machineKey = (m: { name: string; privateAddress: string }) => `${m.name}@${m.privateAddress}`;

export function reconcile(world: World, desired: readonly DesiredMachine[]): ReconcileResult {
  const result: ReconcileResult = { created: [], deleting: [] };
  const wanted = new Set(desired.map(machineKey));
  for (const [id, machine] of world.machines) {
    if (wanted.has(id) || machine.state === "draining" || machine.state === "deleted") continue;
    result.deleting.push(machine.name);
    startRemoval(world, machine);
  }
  for (const input of desired) {
    const existing = world.machines.get(machineKey(input));
    if (existing !== undefined && existing.state !== "deleted") continue;
    const machine: ManagedMachine = {
      name: input.name,
      role: input.role,
      privateAddress: input.privateAddress,
      ...(input.version === undefined ? {} : { version: input.version }),
      nodeName: world.nodeNameFor(input),
      state: "provisioning",
      cancel: [],
    };
    world.machines.set(machineKey(input), machine);
    result.created.push(machine.name);
    const delay = world.timings.provisionMs + (world.faults.slowProvisioning.get(input.privateAddress) ?? 0);
    machine.cancel.push(world.clock.schedule(delay, () => register(world, machine)));
  }
  return result;
}

function register(world: World, machine: ManagedMachine): void {
  if (machine.state !== "provisioning") return;
  if (world.nodes.has(machine.nodeName)) {
    // The old Node of that name is still leaving; kubeadm join retries.
    machine.cancel.push(world.clock.schedule(10_000, () => register(world, machine)));
    return;
  }
  const node = newNode(world, machine);
  world.nodes.set(machine.nodeName, node);
  machine.state = "joined";
  afterNodeChange(world, node);
  machine.cancel.push(
    world.clock.schedule(world.timings.readyMs, () => {
      if (world.faults.neverReady.has(machine.privateAddress)) return;
      const current = world.nodes.get(machine.nodeName);
      if (current === undefined) return;
      setNodeReady(world, current, true);
      startFlapping(world, machine.privateAddress);
    }),
  );
}

export function nodeForAddress(world: World, address: string): Node | undefined {
  return [...world.nodes.values()].find((node) => nodeInternalIP(node) === address);
}

/** Starts the flapping loop for the node at `address`, if the fault is set and the node is up. */
export function startFlapping(world: World, address: string): void {
  const period = world.faults.flapping.get(address);
  const node = nodeForAddress(world, address);
  if (period === undefined || node === undefined) return;
  const uid = node.metadata.uid;
  const tick = (ready: boolean) => {
    const current = nodeForAddress(world, address);
    if (current === undefined || current.metadata.uid !== uid || world.rebooting.has(current.metadata.name))
      return;
    const still = world.faults.flapping.get(address);
    setNodeReady(world, current, still === undefined ? true : ready, ready ? undefined : "node is flapping");
    if (still !== undefined) world.clock.schedule(still, () => tick(!ready));
  };
  world.clock.schedule(period, () => tick(false));
}

/** DaemonSet pods and mirror (static) pods are left alone by drains. */
export function drainSkips(pod: Pod): "daemonset" | "mirror" | "terminal" | undefined {
  if (pod.metadata.annotations?.["kubernetes.io/config.mirror"] !== undefined) return "mirror";
  if (pod.metadata.ownerReferences?.some((o) => o.controller === true && o.kind === "DaemonSet"))
    return "daemonset";
  if (isTerminal(pod)) return "terminal";
  return undefined;
}

function startRemoval(world: World, machine: ManagedMachine): void {
  for (const cancel of machine.cancel.splice(0)) cancel();
  const node = world.nodes.get(machine.nodeName);
  if (
    machine.state === "provisioning" ||
    node === undefined ||
    nodeInternalIP(node) !== machine.privateAddress
  ) {
    machine.state = "deleted";
    return;
  }
  machine.state = "draining";
  node.spec.unschedulable = true;
  afterNodeChange(world, node);
  const deadline = world.clock.now() + world.timings.drainTimeoutMs;
  const attempt = () => {
    const current = world.nodes.get(machine.nodeName);
    if (current === undefined || current.metadata.uid !== node.metadata.uid) {
      machine.state = "deleted";
      return;
    }
    for (const pod of podsOnNode(world, machine.nodeName)) {
      if (drainSkips(pod) === undefined) evictPod(world, pod.metadata.namespace, pod.metadata.name);
    }
    const left = podsOnNode(world, machine.nodeName).filter((pod) => drainSkips(pod) === undefined);
    if (left.length > 0 && world.clock.now() < deadline) {
      world.clock.schedule(world.timings.drainRetryMs, attempt);
      return;
    }
    // Upstream drops the Machine's finalizer whatever the drain's outcome.
    machine.state = "deleted";
    if (left.length > 0 && world.faults.drainFailureKeepsNode) return;
    current.metadata.deletionTimestamp = iso(world);
    world.nodes.delete(machine.nodeName);
    syncWorkloads(world);
  };
  attempt();
}
