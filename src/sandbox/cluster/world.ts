// The simulated cluster's state: every object, the clock, the timings and the injected faults. Controllers are
// plain functions over a World, so one process can run several independent clusters side by side.
import type { SimClock } from "./clock.js";
import type { Node, ObjectMeta, Pod, PodDisruptionBudget, Toleration } from "./k8s-types.js";

export interface Timings {
  /** From a machine appearing in the manifest to its Node registering (SSH, packages, kubeadm join). */
  provisionMs: number;
  /** From registration to `Ready=True` (CNI up). */
  readyMs: number;
  /** From a Deployment missing a pod to the replacement pod being created. */
  podRecreateMs: number;
  /** From a pod being bound to a node to it being Running and Ready. */
  podStartMs: number;
  /** How long an evicted pod stays Terminating (its grace period) before it is gone. */
  podTerminationMs: number;
  /** The WKS controller's drain timeout on machine removal (upstream: one minute). */
  drainTimeoutMs: number;
  /** How often the controller retries evictions a budget refused. */
  drainRetryMs: number;
  /** How long a kured reboot keeps a node NotReady. */
  rebootMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  provisionMs: 90_000,
  readyMs: 30_000,
  podRecreateMs: 5_000,
  podStartMs: 10_000,
  podTerminationMs: 5_000,
  drainTimeoutMs: 60_000,
  drainRetryMs: 5_000,
  rebootMs: 120_000,
};

export interface NodeImage {
  osImage: string;
  kernelVersion: string;
}

export const DEFAULT_IMAGE: NodeImage = {
  osImage: "CentOS Linux 7 (Core)",
  kernelVersion: "3.10.0-1127.el7.x86_64",
};

export interface ApiFault {
  method?: string;
  /** Matches when the request path (without query) starts with it. */
  pathPrefix: string;
  status: 429 | 500;
  remaining: number;
}

export interface Faults {
  /** Private addresses whose node registers but never becomes Ready. */
  neverReady: Set<string>;
  /** Private address -> flapping period: the node alternates Ready / NotReady. */
  flapping: Map<string, number>;
  /** Private address -> extra provisioning time. */
  slowProvisioning: Map<string, number>;
  /** `namespace/name` of budgets whose `disruptionsAllowed` stays 0. */
  pdbNeverAllows: Set<string>;
  /** With a failed drain, leave the Node joined and cordoned (what upstream does when the kubelet survives). */
  drainFailureKeepsNode: boolean;
  apiErrors: ApiFault[];
}

export interface DeploymentDef {
  namespace: string;
  name: string;
  uid: string;
  replicas: number;
  labels: Record<string, string>;
  tolerations: Toleration[];
  /** The ReplicaSet currently owning the pods (one per Deployment here: no rollouts of workloads). */
  replicaSet: { name: string; uid: string };
  /** Pods scheduled for creation but not created yet. */
  creating: number;
}

export interface DaemonSetDef {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
}

/** What the WKS controller knows about a machine it manages. */
export interface ManagedMachine {
  name: string;
  role: "control-plane" | "worker";
  privateAddress: string;
  version?: string;
  nodeName: string;
  state: "provisioning" | "joined" | "draining" | "deleted";
  cancel: Array<() => void>;
}

export interface World {
  readonly clock: SimClock;
  readonly timings: Timings;
  readonly images: Map<string, NodeImage>;
  defaultImage: NodeImage;
  defaultKubeletVersion: string;
  readonly nodeNameFor: (machine: { name: string; privateAddress: string }) => string;
  readonly nodes: Map<string, Node>;
  readonly pods: Map<string, Pod>;
  readonly pdbs: Map<string, PodDisruptionBudget>;
  readonly deployments: Map<string, DeploymentDef>;
  readonly daemonSets: Map<string, DaemonSetDef>;
  readonly machines: Map<string, ManagedMachine>;
  /** Node name -> image to apply (with a reboot) once the node is cordoned or tainted. */
  readonly pendingPatches: Map<string, NodeImage>;
  /** Node names currently rebooting. */
  readonly rebooting: Set<string>;
  readonly faults: Faults;
  counters: { resourceVersion: number; uid: number; suffix: number };
}

export function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function iso(world: World): string {
  // Kubernetes timestamps have second precision.
  return new Date(Math.floor(world.clock.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function nextResourceVersion(world: World): string {
  world.counters.resourceVersion += 1;
  return String(world.counters.resourceVersion);
}

/** Marks an object as changed, as every write to the API server does. */
export function touch(world: World, object: { metadata: ObjectMeta }): void {
  object.metadata.resourceVersion = nextResourceVersion(world);
}

export function newUid(world: World): string {
  world.counters.uid += 1;
  const hex = world.counters.uid.toString(16).padStart(12, "0");
  return `0f1e2d3c-4b5a-4697-8877-${hex}`;
}

/** A deterministic stand-in for the random five-character suffix of generated names. */
export function nameSuffix(world: World): string {
  world.counters.suffix += 1;
  // Multiplying by a number coprime with 27^5 permutes the counters: unique, yet random-looking, names.
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let n = (world.counters.suffix * 7919 + 12345) % 27 ** 5;
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += alphabet[n % 27];
    n = Math.floor(n / 27);
  }
  return out;
}

export function newMeta(world: World, name: string, namespace?: string): ObjectMeta {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    uid: newUid(world),
    resourceVersion: nextResourceVersion(world),
    creationTimestamp: iso(world),
  };
}

export function emptyFaults(): Faults {
  return {
    neverReady: new Set(),
    flapping: new Map(),
    slowProvisioning: new Map(),
    pdbNeverAllows: new Set(),
    drainFailureKeepsNode: false,
    apiErrors: [],
  };
}
