// The real ClusterPort over the Kubernetes API. Writes are compare-and-swap on the Node's resourceVersion
// (retried on 409), so a person editing the node at the same moment never loses their change.
import type { KubeConfig } from "@kubernetes/client-node";
import type { NodeTaint } from "../generated/cluster-snapshot.js";
import type { Node } from "../generated/k8s-api.js";
import { drainNode } from "./drain.js";
import { createKubeApi, type KubeApi } from "./kube-client.js";
import {
  BOT_CORDON_ANNOTATION,
  ClusterError,
  type ClusterPort,
  type CordonOutcome,
  REAL_TIME,
  type TaintChange,
  type Time,
  type UncordonOutcome,
} from "./port.js";
import { withTransientRetry } from "./retry.js";
import { buildSnapshot } from "./snapshot.js";
import { planBotTaints } from "./taints.js";

export interface KubernetesPortOptions {
  /** A loaded KubeConfig (see `loadKubeConfig`), or a ready KubeApi (tests). */
  config: KubeConfig | { api: KubeApi };
  time?: Time;
}

const CAS_ATTEMPTS = 5;

/** Read-modify-write with the node's resourceVersion; a 409 means someone else wrote first: read again. */
async function compareAndSwap<T>(
  api: KubeApi,
  time: Time,
  name: string,
  step: (node: Node) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const node = await withTransientRetry(time, () => api.readNode(name));
    try {
      return await step(node);
    } catch (error) {
      if (!(error instanceof ClusterError && error.code === 409) || attempt >= CAS_ATTEMPTS) throw error;
    }
  }
}

const plainTaint = (t: NodeTaint): NodeTaint => ({
  key: t.key,
  ...(t.value === undefined || t.value === "" ? {} : { value: t.value }),
  effect: t.effect,
});

export function createKubernetesClusterPort(options: KubernetesPortOptions): ClusterPort {
  const api = "api" in options.config ? options.config.api : createKubeApi(options.config);
  const time = options.time ?? REAL_TIME;
  const rv = (node: Node) => node.metadata.resourceVersion;

  const cordon = (nodeName: string): Promise<CordonOutcome> =>
    compareAndSwap(api, time, nodeName, async (node) => {
      if (node.spec?.unschedulable === true) {
        return node.metadata.annotations?.[BOT_CORDON_ANNOTATION] === "true"
          ? "already-cordoned"
          : "cordoned-by-someone-else";
      }
      await api.mergePatchNode(nodeName, {
        metadata: { resourceVersion: rv(node), annotations: { [BOT_CORDON_ANNOTATION]: "true" } },
        spec: { unschedulable: true },
      });
      return "cordoned";
    });

  const port: ClusterPort = {
    async snapshot() {
      const [nodes, pods, budgets] = await Promise.all([
        withTransientRetry(time, () => api.listNodes()),
        withTransientRetry(time, () => api.listPods()),
        withTransientRetry(time, () => api.listBudgets()),
      ]);
      return buildSnapshot(nodes, pods, budgets, new Date(time.now()).toISOString());
    },

    async listMachines() {
      try {
        const machines = await withTransientRetry(time, () => api.listMachines());
        return machines.map((m) => ({
          namespace: m.metadata.namespace,
          name: m.metadata.name,
          annotations: { ...m.metadata.annotations },
        }));
      } catch (error) {
        // 404 on the list: the API server does not know the resource, i.e. the CRD is not installed.
        if (error instanceof ClusterError && error.code === 404) return undefined;
        throw error;
      }
    },

    applyBotTaints: (nodeName, desired, botTaintKeys) =>
      compareAndSwap(api, time, nodeName, async (node): Promise<TaintChange> => {
        const plan = planBotTaints(node.spec?.taints ?? [], desired, botTaintKeys);
        if (plan.added.length === 0 && plan.removed.length === 0) {
          return {
            nodeName,
            changed: false,
            added: [],
            removed: [],
            taints: (node.spec?.taints ?? []).map(plainTaint),
          };
        }
        const patched = await api.mergePatchNode(nodeName, {
          metadata: { resourceVersion: rv(node) },
          spec: { taints: plan.next.length > 0 ? plan.next : null },
        });
        return {
          nodeName,
          changed: true,
          added: plan.added,
          removed: plan.removed.map(plainTaint),
          taints: (patched.spec?.taints ?? []).map(plainTaint),
        };
      }),

    cordon,

    uncordon: (nodeName) =>
      compareAndSwap(api, time, nodeName, async (node): Promise<UncordonOutcome> => {
        const ours = node.metadata.annotations?.[BOT_CORDON_ANNOTATION] !== undefined;
        if (node.spec?.unschedulable !== true) {
          // Someone uncordoned it already; drop the bot's stale marker so a later cordon is read correctly.
          if (ours) {
            await api.mergePatchNode(nodeName, {
              metadata: { resourceVersion: rv(node), annotations: { [BOT_CORDON_ANNOTATION]: null } },
            });
          }
          return "not-cordoned";
        }
        if (!ours) return "kept-cordon-of-someone-else";
        await api.mergePatchNode(nodeName, {
          metadata: { resourceVersion: rv(node), annotations: { [BOT_CORDON_ANNOTATION]: null } },
          spec: { unschedulable: null },
        });
        return "uncordoned";
      }),

    drain: (nodeName, drainOptions) =>
      drainNode({ api, time: drainOptions.time ?? time, cordon }, nodeName, drainOptions),
  };
  return port;
}
