// The simulated WKS cluster: one object bundling the world, the WKS controller, workloads, fault injection and
// the API operations. Time moves only through its clock.

import type { Diagnostic, Manifest } from "../../manifest/index.js";
import type { ApiResponse } from "./api.js";
import * as api from "./api.js";
import { createSimClock, type SimClock } from "./clock.js";
import { type DesiredMachine, type ReconcileResult, reconcile, startFlapping } from "./controller.js";
import type { Node, Pod, PodDisruptionBudget } from "./k8s-types.js";
import {
  applyMachines,
  createMachineStore,
  getMachine,
  listMachines,
  type MachineObject,
} from "./machines.js";
import { desiredMachines, type ManifestTextOptions } from "./manifest.js";
import { isDisrupted, rebootWithImage } from "./nodes.js";
import type { Json } from "./patch.js";
import {
  addDaemonSet,
  addDeployment,
  addPdb,
  type DeploymentInput,
  deletePod,
  type PdbInput,
  podsOnNode,
  removeDaemonSet,
  syncWorkloads,
} from "./workloads.js";
import {
  DEFAULT_IMAGE,
  DEFAULT_TIMINGS,
  emptyFaults,
  key,
  type NodeImage,
  type Timings,
  type World,
} from "./world.js";

export interface SimClusterOptions {
  clock?: SimClock;
  timings?: Partial<Timings>;
  /** Private address -> image a machine at that address boots with (the "image table"). */
  images?: Readonly<Record<string, NodeImage>>;
  defaultImage?: NodeImage;
  /** Kubelet version of machines whose manifest entry has no `spec.version`. */
  defaultKubeletVersion?: string;
  /** The Node name (hostname) a machine registers with; by default the machine's name. */
  nodeName?: (machine: { name: string; privateAddress: string }) => string;
  /** False: the Machine CRD is not installed, so the API server does not know `machines` (default true). */
  machineCrd?: boolean;
}

export interface SimFaults {
  neverReady(address: string, on?: boolean): void;
  /** The node at `address` alternates NotReady/Ready every `periodMs`; `undefined` stops it. */
  flapping(address: string, periodMs: number | undefined): void;
  slowProvisioning(address: string, extraMs: number): void;
  pdbNeverAllows(namespace: string, name: string, on?: boolean): void;
  drainFailureKeepsNode(on: boolean): void;
  /** The next `count` requests whose path starts with `pathPrefix` (and method, if given) fail. */
  apiErrors(fault: { pathPrefix: string; status: 429 | 500; count: number; method?: string }): void;
}

export interface SimCluster {
  readonly clock: SimClock;
  readonly faults: SimFaults;
  /** Reconciles the desired machines, as the WKS controller does after each change of the manifest. */
  reconcile(machines: readonly DesiredMachine[]): ReconcileResult;
  /**
   * Parses the Machines manifest, applies its Machine objects (as the GitOps reconciler does) and reconciles
   * them; an invalid manifest changes nothing.
   */
  reconcileManifestText(
    text: string,
    options?: ManifestTextOptions,
  ): { ok: true; result: ReconcileResult; manifest: Manifest } | { ok: false; diagnostics: Diagnostic[] };
  addDeployment(input: DeploymentInput): void;
  addDaemonSet(input: { namespace: string; name: string; labels?: Record<string, string> }): void;
  /** Deletes a DaemonSet and (after their grace period) its pods. */
  removeDaemonSet(namespace: string, name: string): void;
  addPdb(input: PdbInput): void;
  /** Sets the image machines at `address` boot with from now on. */
  setImage(address: string, image: NodeImage): void;
  /** Patches a cordoned or tainted node's OS in place and reboots it (kured); throws on a node in service. */
  patchNodeImage(nodeName: string, image: NodeImage): void;
  /** Patches the node in place as soon as it is cordoned or tainted (an unattended-upgrades + kured stand-in). */
  patchWhenDisrupted(nodeName: string, image: NodeImage): void;
  /**
   * `kubectl delete node`: a person removes the Node object. Its pods are garbage-collected and their owners
   * schedule replacements elsewhere; the Machine stays, and the controller does not bring the Node back.
   */
  deleteNodeByHand(nodeName: string): void;
  nodes(): Node[];
  node(name: string): Node | undefined;
  pods(filter?: { nodeName?: string; namespace?: string }): Pod[];
  /** Budgets with their current status. */
  pdbs(): PodDisruptionBudget[];
  /** The Machine custom resources applied from the manifest (none are served when the CRD is absent). */
  machineObjects(): MachineObject[];
  /** The API operations the HTTP server routes to. */
  readonly api: SimApi;
}

export interface SimApi {
  fault(method: string, path: string): ApiResponse | undefined;
  listNodes(query: URLSearchParams): ApiResponse;
  getNode(name: string): ApiResponse;
  patchNode(name: string, contentType: string, body: Json): ApiResponse;
  listPods(namespace: string | undefined, query: URLSearchParams): ApiResponse;
  getPod(namespace: string, name: string): ApiResponse;
  evict(namespace: string, name: string, body: Json): ApiResponse;
  listPdbs(namespace: string | undefined): ApiResponse;
  getPdb(namespace: string, name: string): ApiResponse;
  listMachines(namespace: string | undefined): ApiResponse;
  getMachine(namespace: string, name: string): ApiResponse;
}

export function createSimCluster(options: SimClusterOptions = {}): SimCluster {
  const world: World = {
    clock: options.clock ?? createSimClock(),
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    images: new Map(Object.entries(options.images ?? {})),
    defaultImage: options.defaultImage ?? DEFAULT_IMAGE,
    defaultKubeletVersion: options.defaultKubeletVersion ?? "v1.20.5",
    nodeNameFor: options.nodeName ?? ((machine) => machine.name),
    nodes: new Map(),
    pods: new Map(),
    pdbs: new Map(),
    deployments: new Map(),
    daemonSets: new Map(),
    machines: new Map(),
    pendingPatches: new Map(),
    rebooting: new Set(),
    faults: emptyFaults(),
    counters: { resourceVersion: 1000, uid: 0, suffix: 0 },
  };
  const machineStore = createMachineStore(options.machineCrd ?? true);
  const toggle = <T>(set: Set<T>, value: T, on: boolean) => (on ? set.add(value) : set.delete(value));

  const faults: SimFaults = {
    neverReady: (address, on = true) => toggle(world.faults.neverReady, address, on),
    flapping(address, periodMs) {
      const wasFlapping = world.faults.flapping.has(address);
      if (periodMs === undefined) world.faults.flapping.delete(address);
      else world.faults.flapping.set(address, periodMs);
      if (!wasFlapping) startFlapping(world, address);
    },
    slowProvisioning: (address, extraMs) => world.faults.slowProvisioning.set(address, extraMs),
    pdbNeverAllows: (namespace, name, on = true) =>
      toggle(world.faults.pdbNeverAllows, key(namespace, name), on),
    drainFailureKeepsNode(on) {
      world.faults.drainFailureKeepsNode = on;
    },
    apiErrors({ count, ...rest }) {
      world.faults.apiErrors.push({ ...rest, remaining: count });
    },
  };

  return {
    clock: world.clock,
    faults,
    reconcile: (machines) => reconcile(world, machines),
    reconcileManifestText(text, manifestOptions) {
      const reading = desiredMachines(text, manifestOptions);
      if (!reading.ok) return reading;
      applyMachines(world, machineStore, reading.manifest);
      return { ok: true, result: reconcile(world, reading.machines), manifest: reading.manifest };
    },
    addDeployment: (input) => void addDeployment(world, input),
    addDaemonSet: (input) => void addDaemonSet(world, input),
    removeDaemonSet: (namespace, name) => removeDaemonSet(world, namespace, name),
    addPdb(input) {
      addPdb(world, input);
      syncWorkloads(world);
    },
    setImage: (address, image) => void world.images.set(address, image),
    patchNodeImage(nodeName, image) {
      const node = world.nodes.get(nodeName);
      if (node === undefined) throw new Error(`no node ${nodeName}`);
      if (!isDisrupted(node))
        throw new Error(`node ${nodeName} is in service: cordon or taint it before patching`);
      rebootWithImage(world, node, image);
    },
    patchWhenDisrupted(nodeName, image) {
      const node = world.nodes.get(nodeName);
      if (node !== undefined && isDisrupted(node)) rebootWithImage(world, node, image);
      else world.pendingPatches.set(nodeName, image);
    },
    deleteNodeByHand(nodeName) {
      if (!world.nodes.delete(nodeName)) throw new Error(`no node ${nodeName}`);
      for (const pod of podsOnNode(world, nodeName)) deletePod(world, pod);
      syncWorkloads(world);
    },
    nodes: () => [...world.nodes.values()].map((n) => structuredClone(n)),
    node: (name) => {
      const node = world.nodes.get(name);
      return node === undefined ? undefined : structuredClone(node);
    },
    pods: (filter = {}) =>
      [...world.pods.values()]
        .filter((p) => filter.nodeName === undefined || p.spec.nodeName === filter.nodeName)
        .filter((p) => filter.namespace === undefined || p.metadata.namespace === filter.namespace)
        .map((p) => structuredClone(p)),
    pdbs: () => [...world.pdbs.values()].map((p) => api.withStatus(world, p)),
    machineObjects: () =>
      machineStore.served ? [...machineStore.objects.values()].map((m) => structuredClone(m)) : [],
    api: {
      fault: (method, path) => api.takeApiFault(world, method, path),
      listNodes: (query) => api.listNodes(world, query),
      getNode: (name) => api.getNode(world, name),
      patchNode: (name, contentType, body) => api.patchNode(world, name, contentType, body),
      listPods: (namespace, query) => api.listPods(world, namespace, query),
      getPod: (namespace, name) => api.getPod(world, namespace, name),
      evict: (namespace, name, body) => api.evict(world, namespace, name, body),
      listPdbs: (namespace) => api.listPdbs(world, namespace),
      getPdb: (namespace, name) => api.getPdb(world, namespace, name),
      listMachines: (namespace) => listMachines(world, machineStore, namespace),
      getMachine: (namespace, name) => getMachine(machineStore, namespace, name),
    },
  };
}

export type { DesiredMachine, ReconcileResult } from "./controller.js";
export type { NodeImage, Timings } from "./world.js";
