// The words of a plan: phase titles, effects, gates and commit messages. Kept apart from the scheduling so
// wording can change without touching the rules (and byte-for-byte determinism lives in one place).
import type { Gate, Plan, Role } from "../generated/plan.js";
import type { PhaseKind } from "./waves.js";

type Target = NonNullable<Plan["target"]>;

const VERB: Record<PhaseKind, string> = {
  add: "Add",
  taint: "Taint and drain",
  untaint: "Untaint",
  remove: "Remove",
};

export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

function machinesWord(role: Role, n: number): string {
  const noun = role === "control-plane" ? "control-plane machine" : "worker";
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function phaseTitle(kind: PhaseKind, role: Role, machines: readonly string[]): string {
  if (machines.length <= 3) return `${VERB[kind]} ${machines.join(", ")}`;
  return `${VERB[kind]} ${machinesWord(role, machines.length)} (${listNames(machines)})`;
}

export function describeTarget(target: Target | undefined): string {
  const parts: string[] = [];
  if (target?.osImage !== undefined) parts.push(`osImage "${target.osImage}"`);
  if (target?.kernelVersion !== undefined) parts.push(`kernel ${target.kernelVersion}`);
  return parts.join(" and ");
}

export function phaseEffect(
  kind: PhaseKind,
  role: Role,
  machines: readonly string[],
  strategy: Plan["strategy"],
  taint: Plan["taint"],
  fromPool: boolean,
): string {
  const what = machinesWord(role, machines.length);
  const [they, are] = machines.length === 1 ? ["it", "is"] : ["they", "are"];
  switch (kind) {
    case "add":
      return fromPool
        ? `Moves ${what} from the pool into the manifest; the WKS controller provisions ${machines.length === 1 ? "it" : "them"} and ${they} join${machines.length === 1 ? "s" : ""} the cluster.`
        : `Adds ${what} to the manifest; the WKS controller provisions ${machines.length === 1 ? "it" : "them"} and ${they} join${machines.length === 1 ? "s" : ""} the cluster.`;
    case "taint":
      return strategy === "in-place"
        ? `Records the taint ${taint.key}=${taint.value}:${taint.effect} on ${what}; ${they} ${are} cordoned and drained (evictions honour PodDisruptionBudgets) so the OS patch can be applied and ${they} can reboot.`
        : `Records the taint ${taint.key}=${taint.value}:${taint.effect} on ${what}; ${they} ${are} cordoned and drained (evictions honour PodDisruptionBudgets).`;
    case "untaint":
      return `Removes the bot's taint from ${what}; ${they} take${machines.length === 1 ? "s" : ""} workloads again.`;
    case "remove":
      return `Removes ${what} from the manifest; the WKS controller deletes ${machines.length === 1 ? "it and its Node leaves" : "them and their Nodes leave"} the cluster.`;
  }
}

export function phaseGate(
  kind: PhaseKind,
  machines: readonly string[],
  strategy: Plan["strategy"],
  target: Target | undefined,
  taint: Plan["taint"],
): Gate {
  const n = `${machines.length} Node${machines.length === 1 ? "" : "s"}`;
  const on = describeTarget(target);
  const withTarget = (g: Gate): Gate => (target === undefined ? g : { ...g, target: { ...target } });
  switch (kind) {
    case "add":
      return withTarget({
        kind: "ready",
        machines: [...machines],
        description: `${n} Ready and schedulable${on === "" ? "" : ` on ${on}`}`,
      });
    case "taint":
      return strategy === "in-place"
        ? withTarget({
            kind: "patched",
            machines: [...machines],
            description: `${n} drained, then Ready again reporting ${on}`,
          })
        : {
            kind: "drained",
            machines: [...machines],
            description: `${n} tainted ${taint.key}:${taint.effect} with no evictable pods left`,
          };
    case "untaint":
      return {
        kind: "ready",
        machines: [...machines],
        description: `${n} Ready, schedulable and without the bot's taint`,
      };
    case "remove":
      return { kind: "gone", machines: [...machines], description: `${n} deleted from the cluster` };
  }
}

export function commitMessage(
  plan: Pick<Plan, "id" | "reason">,
  phase: { index: number; wave: number; kind: PhaseKind; machines: readonly string[]; title: string },
  totalPhases: number,
): string {
  const lines = [
    phase.title,
    "",
    `Phase ${phase.index} of ${totalPhases}, wave ${phase.wave}, rollout ${plan.id}: ${phase.kind} ${phase.machines.join(", ")}`,
  ];
  if (plan.reason !== undefined && plan.reason !== "") lines.push("", `Reason: ${plan.reason}`);
  return `${lines.join("\n")}\n`;
}

export function branchName(id: string, index: number, kind: PhaseKind): string {
  return `node-patch/${id}/${index}-${kind}`;
}
