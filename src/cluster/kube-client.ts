// The Kubernetes calls the port makes, through @kubernetes/client-node, each response validated against the
// fields the bot depends on and each failure turned into a ClusterError carrying the API's Status.
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  PolicyV1Api,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { ValidateFunction } from "ajv";
import type { Node, Pod, PodDisruptionBudget } from "../generated/k8s-api.js";
import type { Machine } from "../generated/machine-list.js";
import { ClusterError } from "./port.js";
import {
  describeErrors,
  validateBudgetList,
  validateMachineList,
  validateNodeList,
  validatePodList,
  validateStatus,
} from "./validate.js";

/** The Machine CRD the WKS controller reconciles (and the GitOps reconciler applies from the manifest). */
export const MACHINE_GROUP = "cluster.x-k8s.io";
export const MACHINE_VERSION = "v1alpha3";

export interface KubeApi {
  listNodes(): Promise<Node[]>;
  readNode(name: string): Promise<Node>;
  /** JSON merge patch; include `metadata.resourceVersion` for a compare-and-swap (409 when stale). */
  mergePatchNode(name: string, patch: object): Promise<Node>;
  /** All pods, or the pods bound to one node. */
  listPods(nodeName?: string): Promise<Pod[]>;
  listBudgets(): Promise<PodDisruptionBudget[]>;
  evict(namespace: string, name: string): Promise<void>;
  /** The `cluster.x-k8s.io/v1alpha3` Machines of every namespace (a ClusterError 404 when the CRD is absent). */
  listMachines(): Promise<Machine[]>;
}

function checked<T>(validate: ValidateFunction<T>, what: string, data: unknown): T {
  if (validate(data)) return data;
  throw new ClusterError(
    `the Kubernetes API returned ${what} the bot cannot use: ${describeErrors(validate.errors)}`,
    undefined,
    "InvalidResponse",
  );
}

function toClusterError(error: unknown, action: string): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiException) {
    const code = typeof error.code === "number" ? error.code : undefined;
    let status: unknown;
    try {
      status = typeof error.body === "string" ? JSON.parse(error.body) : error.body;
    } catch {
      status = undefined;
    }
    if (validateStatus(status)) {
      return new ClusterError(
        `${action}: ${status.message ?? status.reason ?? `HTTP ${code}`}`,
        code,
        status.reason,
        status.details?.causes ?? [],
      );
    }
    return new ClusterError(`${action}: HTTP ${code}`, code);
  }
  return new ClusterError(`${action}: ${error instanceof Error ? error.message : String(error)}`, undefined);
}

async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toClusterError(error, action);
  }
}

export function createKubeApi(config: KubeConfig): KubeApi {
  const core = config.makeApiClient(CoreV1Api);
  const policy = config.makeApiClient(PolicyV1Api);
  const custom = config.makeApiClient(CustomObjectsApi);
  const node = (value: unknown, what: string) => {
    const [item] = checked(validateNodeList, what, { items: [value] }).items;
    if (item === undefined) throw new ClusterError(`${what}: empty response`, undefined);
    return item;
  };
  return {
    listNodes: () =>
      call(
        "listing nodes",
        async () => checked(validateNodeList, "a node list", await core.listNode()).items,
      ),
    readNode: (name) =>
      call(`reading node ${name}`, async () => node(await core.readNode({ name }), `node ${name}`)),
    mergePatchNode: (name, patch) =>
      call(`patching node ${name}`, async () =>
        node(
          await core.patchNode(
            { name, body: patch },
            setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
          ),
          `node ${name}`,
        ),
      ),
    listPods: (nodeName) =>
      call(nodeName === undefined ? "listing pods" : `listing pods on node ${nodeName}`, async () => {
        const list = await core.listPodForAllNamespaces(
          nodeName === undefined ? {} : { fieldSelector: `spec.nodeName=${nodeName}` },
        );
        return checked(validatePodList, "a pod list", list).items;
      }),
    listBudgets: () =>
      call("listing PodDisruptionBudgets", async () => {
        const list = await policy.listPodDisruptionBudgetForAllNamespaces();
        return checked(validateBudgetList, "a PodDisruptionBudget list", list).items;
      }),
    listMachines: () =>
      call("listing Machines (cluster.x-k8s.io/v1alpha3)", async () => {
        const list: unknown = await custom.listClusterCustomObject({
          group: MACHINE_GROUP,
          version: MACHINE_VERSION,
          plural: "machines",
        });
        return checked(validateMachineList, "a Machine list", list).items;
      }),
    evict: (namespace, name) =>
      call(`evicting pod ${namespace}/${name}`, async () => {
        await core.createNamespacedPodEviction({
          name,
          namespace,
          body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace } },
        });
      }),
  };
}
