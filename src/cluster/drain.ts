// Draining a node through the Eviction API: every pod but DaemonSet, mirror and finished pods is evicted;
// a 429 naming a disruption budget means "not now", so rounds repeat with backoff until the timeout, and
// the result says which pod each budget still holds.
import type { Pod } from "../generated/k8s-api.js";
import type { KubeApi } from "./kube-client.js";
import {
  type BlockedPod,
  ClusterError,
  type CordonOutcome,
  type DrainOptions,
  type DrainResult,
  type PodRef,
  type Time,
} from "./port.js";
import { withTransientRetry } from "./retry.js";
import { selectorMatches } from "./selector.js";
import { drainSkipReason } from "./snapshot.js";

export interface DrainDeps {
  api: KubeApi;
  time: Time;
  cordon(nodeName: string): Promise<CordonOutcome>;
}

const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 30_000 };
const BUDGET_IN_CAUSE = /^The disruption budget (\S+) needs/;
const ref = (pod: Pod): PodRef => ({ namespace: pod.metadata.namespace, name: pod.metadata.name });
const id = (pod: PodRef) => `${pod.namespace}/${pod.name}`;

async function budgetOf(api: KubeApi, time: Time, pod: Pod): Promise<string | undefined> {
  const budgets = await withTransientRetry(time, () => api.listBudgets());
  return budgets.find(
    (b) =>
      b.metadata.namespace === pod.metadata.namespace &&
      selectorMatches(b.spec.selector, pod.metadata.labels),
  )?.metadata.name;
}

/** Evicts one pod: undefined when it is gone or going, the refusal when the API said "not now". */
async function evictOne(deps: DrainDeps, pod: Pod): Promise<BlockedPod | undefined> {
  try {
    await deps.api.evict(pod.metadata.namespace, pod.metadata.name);
    return undefined;
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    if (error.code === 404) return undefined;
    const cause = error.causes.find((c) => c.reason === "DisruptionBudget");
    if (cause !== undefined) {
      const named = BUDGET_IN_CAUSE.exec(cause.message ?? "")?.[1];
      const budget = named ?? (await budgetOf(deps.api, deps.time, pod));
      return {
        ...ref(pod),
        ...(budget === undefined ? {} : { budget }),
        message: cause.message ?? error.message,
      };
    }
    // Rate limiting, a budget conflict (more than one budget: 500) or a transient server error: retry later.
    if (error.code === undefined || error.code === 429 || error.code >= 500) {
      return { ...ref(pod), message: error.message };
    }
    throw error;
  }
}

export async function drainNode(
  deps: DrainDeps,
  nodeName: string,
  options: DrainOptions,
): Promise<DrainResult> {
  const { api, time } = deps;
  const start = time.now();
  const deadline = start + options.timeoutMs;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const cordon = options.cordon === false ? undefined : await deps.cordon(nodeName);
  const evicted: PodRef[] = [];
  const skipped = new Map<string, DrainResult["skipped"][number]>();
  const blocked = new Map<string, BlockedPod>();
  let delay = backoff.initialMs;
  for (let attempts = 1; ; attempts++) {
    const pods = await withTransientRetry(time, () => api.listPods(nodeName));
    const evictable: Pod[] = [];
    for (const pod of pods) {
      const reason = drainSkipReason(pod);
      if (reason === undefined) evictable.push(pod);
      else skipped.set(id(ref(pod)), { ...ref(pod), reason });
    }
    const remaining = evictable.map(ref);
    const done = remaining.length === 0;
    if (done || time.now() >= deadline) {
      const still = new Set(remaining.map(id));
      return {
        nodeName,
        complete: done,
        ...(cordon === undefined ? {} : { cordon }),
        evicted,
        skipped: [...skipped.values()],
        blocked: [...blocked.values()].filter((b) => still.has(id(b))),
        remaining,
        attempts,
        elapsedMs: time.now() - start,
      };
    }
    for (const pod of evictable) {
      const terminating =
        pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
      if (terminating) continue;
      const refusal = await evictOne(deps, pod);
      if (refusal === undefined) {
        evicted.push(ref(pod));
        blocked.delete(id(ref(pod)));
      } else blocked.set(id(refusal), refusal);
    }
    await time.sleep(Math.max(0, Math.min(delay, deadline - time.now())));
    delay = Math.min(delay * 2, backoff.maxMs);
  }
}
