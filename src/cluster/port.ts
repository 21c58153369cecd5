// The ClusterPort: the narrow interface through which the app reads the cluster and acts on it. The real
// implementation speaks to the Kubernetes API; tests run it against the simulated cluster's HTTP server.
import type { ClusterSnapshot, NodeTaint } from "../generated/cluster-snapshot.js";
import type { Taint } from "../generated/taints.js";

export type {
  ClusterSnapshot,
  NodeTaint,
  SnapshotBudget,
  SnapshotNode,
  SnapshotPod,
} from "../generated/cluster-snapshot.js";
export type { Taint } from "../generated/taints.js";

/** Where the bot records that it cordoned a node, so it never uncordons a node a person cordoned. */
export const BOT_CORDON_ANNOTATION = "node-patch-bot.dev/cordoned";

/** Time as an input: real in production, simulated in tests (a sleep that advances the simulated clock). */
export interface Time {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_TIME: Time = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TaintChange {
  nodeName: string;
  /** False when the node already carried exactly the desired bot taints (nothing was written). */
  changed: boolean;
  added: Taint[];
  removed: NodeTaint[];
  /** The node's taints afterwards, the bot's and everyone else's. */
  taints: NodeTaint[];
}

/** `cordoned`: the bot cordoned it now; `already-cordoned`: the bot had; `cordoned-by-someone-else`: left as is. */
export type CordonOutcome = "cordoned" | "already-cordoned" | "cordoned-by-someone-else";

/** `kept-cordon-of-someone-else`: a person (or another tool) cordoned it, so the bot leaves it cordoned. */
export type UncordonOutcome = "uncordoned" | "not-cordoned" | "kept-cordon-of-someone-else";

export interface PodRef {
  namespace: string;
  name: string;
}

export interface BlockedPod extends PodRef {
  /** The PodDisruptionBudget that refused the eviction, when known. */
  budget?: string;
  /** The API server's words (e.g. "The disruption budget web needs 2 healthy pods and has 2 currently"). */
  message: string;
}

export interface DrainOptions {
  /** Give up after this long; the result then lists what is blocked. */
  timeoutMs: number;
  /** Backoff between eviction rounds: starts at `initialMs`, doubles up to `maxMs`. Default 1 s .. 30 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** Overrides the port's time source for this drain. */
  time?: Time;
  /** Cordon first (recording the bot's cordon). Default true, as `kubectl drain` does. */
  cordon?: boolean;
}

export interface DrainResult {
  nodeName: string;
  /** No evictable pod is left on the node. */
  complete: boolean;
  cordon?: CordonOutcome;
  evicted: PodRef[];
  /** DaemonSet pods, mirror pods and finished pods: a drain leaves them. */
  skipped: Array<PodRef & { reason: "daemonset" | "mirror" | "terminal" }>;
  /** Pods still on the node when the drain gave up, with the budget that blocked each (last refusal). */
  blocked: BlockedPod[];
  /** Evictable pods still on the node at the end (blocked or still terminating). */
  remaining: PodRef[];
  attempts: number;
  elapsedMs: number;
}

/** A Machine custom resource as the cluster serves it: where the agent reads the taints the bot recorded. */
export interface MachineView {
  namespace: string;
  name: string;
  annotations: Readonly<Record<string, string>>;
}

export interface ClusterPort {
  snapshot(): Promise<ClusterSnapshot>;
  /**
   * The Machine objects the GitOps reconciler applied (`cluster.x-k8s.io/v1alpha3`, every namespace), or
   * undefined when the cluster does not serve that CRD (the API server answers 404).
   */
  listMachines(): Promise<MachineView[] | undefined>;
  /**
   * Makes the node's taints with a key in `botTaintKeys` exactly `desired` (every desired key must be one of
   * them); taints with other keys are never touched.
   */
  applyBotTaints(
    nodeName: string,
    desired: readonly Taint[],
    botTaintKeys: readonly string[],
  ): Promise<TaintChange>;
  cordon(nodeName: string): Promise<CordonOutcome>;
  /** Uncordons only a node the bot cordoned. */
  uncordon(nodeName: string): Promise<UncordonOutcome>;
  /** Evicts every pod except DaemonSet and mirror pods through the Eviction API, honouring budgets. */
  drain(nodeName: string, options: DrainOptions): Promise<DrainResult>;
}

/** A Kubernetes API call failed (after retries for transient errors). */
export class ClusterError extends Error {
  constructor(
    message: string,
    /** HTTP status, undefined when the API server could not be reached. */
    readonly code: number | undefined,
    /** The Status object's `reason` (e.g. `TooManyRequests`, `Conflict`). */
    readonly reason?: string,
    /** The Status object's `details.causes` (an eviction refused by a budget names it here). */
    readonly causes: ReadonlyArray<{ reason?: string; message?: string }> = [],
  ) {
    super(message);
    this.name = "ClusterError";
  }
}
