// Direct-mode actuation: after a phase merged, make its recorded taints real on the phase's Nodes and drain
// them (or, for an untaint phase, take the bot's taint and cordon off again). Called on every reconcile tick,
// so each call does one bounded step and is idempotent: a second call on a settled phase writes nothing.
import type { SnapshotNode } from "../generated/cluster-snapshot.js";
import type { Phase, Plan } from "../generated/plan.js";
import type { Manifest } from "../manifest/model.js";
import {
  ClusterError,
  type ClusterPort,
  type ClusterSnapshot,
  type DrainResult,
  type NodeTaint,
  type Taint,
  type Time,
} from "./port.js";
import { nodeForAddress } from "./snapshot.js";

export interface ActuationInput {
  plan: Plan;
  /** The merged phase to make real. */
  phase: Phase;
  /** The manifest on the default branch after the phase: its taint annotations say what each Node wants. */
  manifest: Manifest;
  /** A snapshot read this tick: what is already done is not written again. */
  snapshot: ClusterSnapshot;
}

export interface ActuationOptions {
  /** Upper bound of one drain round (evict what can be evicted, wait at most this long, look again). Default 1 s. */
  drainRoundMs?: number;
  /** Overrides the port's time source for the drain round. */
  time?: Time;
}

export interface MachineActuation {
  machine: string;
  nodeName?: string;
  /** What was done or found, in plain words. */
  actions: string[];
  /** Nothing is left for the actuator to do on this machine (taint phase: tainted and drained). */
  settled: boolean;
  /** The drain round, when one ran. */
  drain?: DrainResult;
}

export interface ActuationReport {
  phase: number;
  kind: Phase["kind"];
  /** Every machine of the phase settled: later calls for this phase write nothing. */
  settled: boolean;
  machines: MachineActuation[];
  /** One line per action: `worker-1 (ip-10-0-0-20): tainted …`. */
  lines: string[];
}

const DEFAULT_DRAIN_ROUND_MS = 1_000;

export async function actuatePhase(
  cluster: ClusterPort,
  input: ActuationInput,
  options: ActuationOptions = {},
): Promise<ActuationReport> {
  const { phase } = input;
  const machines: MachineActuation[] = [];
  for (const machine of phase.machines) {
    if (phase.kind === "add" || phase.kind === "remove") {
      machines.push({
        machine,
        actions: [
          `nothing to do: the WKS controller ${phase.kind === "add" ? "joins" : "removes"} the machine`,
        ],
        settled: true,
      });
      continue;
    }
    machines.push(await actuateMachine(cluster, input, machine, options));
  }
  return {
    phase: phase.index,
    kind: phase.kind,
    settled: machines.every((m) => m.settled),
    machines,
    lines: machines.flatMap((m) =>
      m.actions.map((a) => `${m.machine}${m.nodeName === undefined ? "" : ` (${m.nodeName})`}: ${a}`),
    ),
  };
}

async function actuateMachine(
  cluster: ClusterPort,
  input: ActuationInput,
  machine: string,
  options: ActuationOptions,
): Promise<MachineActuation> {
  const pair = input.manifest.machines.find((m) => m.name === machine);
  if (pair === undefined) {
    return { machine, actions: ["not in the manifest: nothing done"], settled: false };
  }
  const node = nodeForAddress(input.snapshot, pair.private.address);
  if (node === undefined) {
    return {
      machine,
      actions: [`no Node with InternalIP ${pair.private.address}: nothing done`],
      settled: false,
    };
  }
  const key = input.plan.taint.key;
  const actions = pair.taints
    .filter((t) => t.key !== key)
    .map((t) => `left the recorded taint ${taintText(t)} alone: only ${key} is the bot's to apply`);
  const desired = pair.taints.filter((t) => t.key === key);
  const out: MachineActuation = { machine, nodeName: node.name, actions, settled: false };
  try {
    if (input.phase.kind === "taint") await taintAndDrain(cluster, node, desired, key, options, out);
    else await untaint(cluster, node, desired, key, out);
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    actions.push(`failed, will retry on the next tick: ${error.message}`);
    out.settled = false;
  }
  return out;
}

async function syncTaints(
  cluster: ClusterPort,
  node: SnapshotNode,
  desired: readonly Taint[],
  key: string,
  actions: string[],
): Promise<void> {
  const current = node.taints.filter((t) => t.key === key);
  if (sameTaints(current, desired)) {
    actions.push(
      desired.length === 0
        ? "the bot's taint is already off"
        : `already tainted ${desired.map(taintText).join(", ")}`,
    );
    return;
  }
  const change = await cluster.applyBotTaints(node.name, desired, [key]);
  if (change.added.length > 0) actions.push(`tainted ${change.added.map(taintText).join(", ")}`);
  if (change.removed.length > 0)
    actions.push(`removed the bot's taint ${change.removed.map(taintText).join(", ")}`);
  if (!change.changed) actions.push("taints already as recorded");
}

async function taintAndDrain(
  cluster: ClusterPort,
  node: SnapshotNode,
  desired: readonly Taint[],
  key: string,
  options: ActuationOptions,
  out: MachineActuation,
): Promise<void> {
  if (desired.length === 0) {
    // Draining a node the manifest does not mark would act on something nobody reviewed.
    out.actions.push(`the manifest records no ${key} taint for it: not tainted, not drained`);
    return;
  }
  await syncTaints(cluster, node, desired, key, out.actions);
  if (node.unschedulable && !node.pods.some((p) => p.evictable)) {
    out.actions.push("already drained");
    out.settled = true;
    return;
  }
  const round = options.drainRoundMs ?? DEFAULT_DRAIN_ROUND_MS;
  const result = await cluster.drain(node.name, {
    timeoutMs: round,
    backoff: { initialMs: round, maxMs: round },
    cordon: true,
    ...(options.time === undefined ? {} : { time: options.time }),
  });
  out.drain = result;
  out.actions.push(...drainWords(result));
  out.settled = result.complete;
}

function drainWords(result: DrainResult): string[] {
  const words: string[] = [];
  if (result.cordon === "cordoned") words.push("cordoned");
  if (result.cordon === "cordoned-by-someone-else") {
    words.push("already cordoned by someone else: the bot will leave that cordon in place");
  }
  for (const pod of result.evicted) words.push(`evicted ${pod.namespace}/${pod.name}`);
  const blocked = new Set(result.blocked.map((b) => `${b.namespace}/${b.name}`));
  for (const b of result.blocked) {
    words.push(
      `eviction of ${b.namespace}/${b.name} refused${b.budget === undefined ? "" : ` by PodDisruptionBudget ${b.namespace}/${b.budget}`}: ${b.message}`,
    );
  }
  const going = result.remaining.filter((p) => !blocked.has(`${p.namespace}/${p.name}`));
  if (going.length > 0) {
    words.push(`waiting for ${going.map((p) => `${p.namespace}/${p.name}`).join(", ")} to leave`);
  }
  words.push(result.complete ? "drained" : "drain continues on the next tick");
  return words;
}

async function untaint(
  cluster: ClusterPort,
  node: SnapshotNode,
  desired: readonly Taint[],
  key: string,
  out: MachineActuation,
): Promise<void> {
  await syncTaints(cluster, node, desired, key, out.actions);
  if (!node.unschedulable) {
    out.actions.push("schedulable");
  } else {
    const outcome = await cluster.uncordon(node.name);
    out.actions.push(
      outcome === "kept-cordon-of-someone-else"
        ? "kept the cordon someone else set: a person must uncordon it"
        : outcome === "uncordoned"
          ? "uncordoned"
          : "schedulable",
    );
  }
  out.settled = true;
}

function taintText(t: NodeTaint): string {
  return `${t.key}${t.value === undefined || t.value === "" ? "" : `=${t.value}`}:${t.effect}`;
}

function sameTaints(a: readonly NodeTaint[], b: readonly NodeTaint[]): boolean {
  const ids = (list: readonly NodeTaint[]) => list.map(taintText).sort().join("\n");
  return ids(a) === ids(b);
}
