// The Machine custom resources (`cluster.x-k8s.io/v1alpha3`) the GitOps reconciler applies from the
// manifest, served as the API server serves any CRD: namespaced, list and get, items carrying their own
// `apiVersion` and `kind`. The WKS controller ignores their annotations; the in-cluster agent reads its taints
// there. Applying prunes what left the manifest (Flux's garbage collection) and keeps the identity of what
// stayed, bumping `resourceVersion` only when the object changed.
import type { MachinePair, Manifest } from "../../manifest/index.js";
import type { ApiResponse } from "./api.js";
import type { ObjectMeta } from "./k8s-types.js";
import { failure, notFound } from "./status.js";
import { key, newMeta, nextResourceVersion, type World } from "./world.js";

export const MACHINE_GROUP = "cluster.x-k8s.io";
export const MACHINE_API_VERSION = `${MACHINE_GROUP}/v1alpha3`;
/** Where a Machine without `metadata.namespace` lands (what `kubectl apply` without `-n` does). */
export const DEFAULT_MACHINE_NAMESPACE = "default";

export interface MachineObject {
  apiVersion: typeof MACHINE_API_VERSION;
  kind: "Machine";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    clusterName?: string;
    version?: string;
    bootstrap: Record<string, never>;
    infrastructureRef: { apiVersion: string; kind: "ExistingInfraMachine"; name: string };
  };
}

export interface MachineStore {
  /** False: the CRD is not installed (every machines path answers 404, as for an unknown resource). */
  served: boolean;
  readonly objects: Map<string, MachineObject>;
}

export function createMachineStore(served = true): MachineStore {
  return { served, objects: new Map() };
}

/** Makes the served Machines exactly the manifest's, as a reconciler applying the branch head does. */
export function applyMachines(world: World, store: MachineStore, manifest: Manifest): void {
  const wanted = new Map(manifest.machines.map((m) => [machineKey(m), m]));
  for (const k of [...store.objects.keys()]) if (!wanted.has(k)) store.objects.delete(k);
  for (const [k, pair] of wanted) {
    const previous = store.objects.get(k);
    const fresh = desired(pair);
    if (previous === undefined) {
      const namespace = pair.namespace ?? DEFAULT_MACHINE_NAMESPACE;
      store.objects.set(k, {
        ...fresh,
        metadata: { ...newMeta(world, pair.name, namespace), namespace, ...fresh.metadata, generation: 1 },
      });
      continue;
    }
    const same =
      JSON.stringify([previous.metadata.labels, previous.metadata.annotations, previous.spec]) ===
      JSON.stringify([fresh.metadata.labels, fresh.metadata.annotations, fresh.spec]);
    if (same) continue;
    const specChanged = JSON.stringify(previous.spec) !== JSON.stringify(fresh.spec);
    // Labels and annotations are replaced whole: one the manifest dropped is gone (a recorded taint removed).
    const { labels: _labels, annotations: _annotations, ...identity } = previous.metadata;
    store.objects.set(k, {
      ...fresh,
      metadata: {
        ...identity,
        ...fresh.metadata,
        resourceVersion: nextResourceVersion(world),
        generation: (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    });
  }
}

export function listMachines(world: World, store: MachineStore, namespace: string | undefined): ApiResponse {
  if (!store.served) return crdAbsent();
  const items = [...store.objects.values()]
    .filter((m) => namespace === undefined || m.metadata.namespace === namespace)
    .sort((a, b) =>
      key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)),
    )
    .map((m) => structuredClone(m));
  return {
    code: 200,
    body: {
      apiVersion: MACHINE_API_VERSION,
      kind: "MachineList",
      metadata: { resourceVersion: String(world.counters.resourceVersion) },
      items,
    },
  };
}

export function getMachine(store: MachineStore, namespace: string, name: string): ApiResponse {
  if (!store.served) return crdAbsent();
  const machine = store.objects.get(key(namespace, name));
  if (machine === undefined) {
    const status = notFound("machines", name, MACHINE_GROUP);
    return { code: status.code, body: status };
  }
  return { code: 200, body: structuredClone(machine) };
}

function crdAbsent(): ApiResponse {
  return { code: 404, body: failure(404, "the server could not find the requested resource") };
}

function machineKey(pair: MachinePair): string {
  return key(pair.namespace ?? DEFAULT_MACHINE_NAMESPACE, pair.name);
}

/** The fields the manifest decides; identity (uid, creation time) comes from the store. */
function desired(pair: MachinePair): Omit<MachineObject, "metadata"> & {
  metadata: Pick<ObjectMeta, "labels" | "annotations">;
} {
  return {
    apiVersion: MACHINE_API_VERSION,
    kind: "Machine",
    metadata: {
      ...(Object.keys(pair.labels).length === 0 ? {} : { labels: { ...pair.labels } }),
      ...(Object.keys(pair.annotations).length === 0 ? {} : { annotations: { ...pair.annotations } }),
    },
    spec: {
      ...(pair.clusterName === undefined ? {} : { clusterName: pair.clusterName }),
      ...(pair.version === undefined ? {} : { version: pair.version }),
      bootstrap: {},
      infrastructureRef: {
        apiVersion: "cluster.weave.works/v1alpha3",
        kind: "ExistingInfraMachine",
        name: pair.infraName,
      },
    },
  };
}
