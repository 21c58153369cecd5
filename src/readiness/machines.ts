// Per-machine conditions: what each phase kind expects of the Nodes of the phase's machines.
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from "../generated/cluster-snapshot.js";
import type { Plan } from "../generated/plan.js";
import type { MachinePair } from "../manifest/model.js";
import { sameKubernetesVersion, taintText } from "./words.js";

export const KURED_REBOOT_IN_PROGRESS = "weave.works/kured-reboot-in-progress";

export interface GateCondition {
  ok: boolean;
  text: string;
  /**
   * Unmet, it stops the rollout until something outside it changes (a blocking pod, a firing alert), as
   * opposed to progress the rollout is making (pods being evicted, a node rebooting). The dashboard names
   * blockers while a gate waits; progress it leaves to `/patch status`.
   */
  blocker?: true;
}

/** A machine of the phase and what the gate knows of it. */
export interface Subject {
  machine: string;
  address?: string;
  pair?: MachinePair;
  node?: SnapshotNode;
}

export function subjectText(s: Subject): string {
  return s.address === undefined ? s.machine : `${s.machine} (${s.address})`;
}

type Target = Plan["target"];

/** Ready and schedulable: the problems, in plain words. */
export function serviceProblems(node: SnapshotNode): string[] {
  const problems: string[] = [];
  if (!node.ready)
    problems.push(`NotReady${node.readyMessage === undefined ? "" : ` (${node.readyMessage})`}`);
  if (node.unschedulable) {
    problems.push(
      node.cordonedByBot === true
        ? "cordoned by the bot"
        : "cordoned by someone else (the bot never lifts a person's cordon)",
    );
  }
  return problems;
}

export function rebootProblems(node: SnapshotNode): string[] {
  const since = node.annotations[KURED_REBOOT_IN_PROGRESS];
  return since === undefined ? [] : [`kured reboot in progress (since ${since})`];
}

export function versionProblems(node: SnapshotNode, version: string | undefined, target: Target): string[] {
  const problems: string[] = [];
  if (version !== undefined && !sameKubernetesVersion(node.kubeletVersion, version)) {
    problems.push(`kubelet ${node.kubeletVersion || "unknown"}, the manifest says ${version}`);
  }
  return [...problems, ...targetProblems(node, target)];
}

export function targetProblems(node: SnapshotNode, target: Target): string[] {
  const problems: string[] = [];
  if (target?.osImage !== undefined && node.osImage !== target.osImage) {
    problems.push(`OS image "${node.osImage}", target "${target.osImage}"`);
  }
  if (target?.kernelVersion !== undefined && node.kernelVersion !== target.kernelVersion) {
    problems.push(`kernel ${node.kernelVersion || "unknown"}, target ${target.kernelVersion}`);
  }
  return problems;
}

export function carriesTaint(node: SnapshotNode, taint: Plan["taint"]): boolean {
  return node.taints.some(
    (t) => t.key === taint.key && (t.value ?? "") === taint.value && t.effect === taint.effect,
  );
}

export function botTaintsOn(node: SnapshotNode, key: string): SnapshotNode["taints"] {
  return node.taints.filter((t) => t.key === key);
}

/** The bot's taint: present, or a problem naming what is missing. */
export function taintProblems(node: SnapshotNode, taint: Plan["taint"]): string[] {
  return carriesTaint(node, taint) ? [] : [`does not carry the taint ${taintText(taint)} yet`];
}

export function untaintProblems(node: SnapshotNode, key: string): string[] {
  const left = botTaintsOn(node, key);
  return left.length === 0 ? [] : [`still carries the taint ${left.map(taintText).join(", ")}`];
}

/** One condition per evictable pod still on the node, saying what holds it. */
export function podsLeft(subject: Subject, node: SnapshotNode, snapshot: ClusterSnapshot): GateCondition[] {
  return node.pods
    .filter((p) => p.evictable)
    .map((pod) => ({
      ok: false,
      text: `${pod.namespace}/${pod.name} still on ${subjectText(subject)}: ${holdOf(pod, snapshot)}`,
    }));
}

function holdOf(pod: SnapshotPod, snapshot: ClusterSnapshot): string {
  if (pod.terminating) return "terminating";
  const budgets = snapshot.podDisruptionBudgets.filter(
    (b) => b.namespace === pod.namespace && pod.budgets.includes(b.name),
  );
  if (budgets.length > 1) {
    return `selected by more than one PodDisruptionBudget (${budgets.map((b) => `${b.namespace}/${b.name}`).join(", ")}): the Eviction API refuses it`;
  }
  const budget = budgets[0];
  if (budget !== undefined && budget.disruptionsAllowed <= 0) {
    return `blocked by PodDisruptionBudget ${budget.namespace}/${budget.name} (${budget.currentHealthy} healthy, ${budget.desiredHealthy} needed)`;
  }
  return "not evicted yet";
}
