// The agent's verdict as a GitHub commit status, and back. Pure: the agent writes what `statusFor` says, and
// the App reads it with `readAgentStatus`. The description never carries a running clock ("3 min of 30"),
// so an unchanged cluster gives an unchanged status and the agent writes nothing (GitHub counts every status
// against its content-creation limits).
import { cutDescription } from "../github/octokit-port.js";
import type { CommitStatusRequest, CommitStatusView } from "../github/port.js";
import type { Phase, Plan } from "../plan/index.js";
import type { GateVerdict } from "../readiness/index.js";
import type { GateView } from "../rollout/types.js";

/** The status context the agent for `cluster` writes; the App reads the same one. */
export function agentContext(cluster: string): string {
  return `node-patch-bot/agent/${cluster}`;
}

/** `<rollout id> phase <i>/<n>: `: which gate a status speaks about. */
export function statusPrefix(plan: Plan, phase: Phase): string {
  return `${plan.id} phase ${phase.index}/${plan.phases.length}: `;
}

const SOAKING = "soaking since ";

/** The commit status for a verdict on `phase`: success = pass, pending = waiting or soaking, failure = timed out. */
export function statusFor(
  input: { plan: Plan; phase: Phase; cluster: string; targetUrl?: string },
  verdict: Pick<GateVerdict, "status" | "unmet" | "firstPassedAt">,
): CommitStatusRequest {
  const prefix = statusPrefix(input.plan, input.phase);
  const gate = input.phase.gate.description;
  const unmet = `${verdict.unmet.length} unmet${verdict.unmet[0] === undefined ? "" : `: ${verdict.unmet[0]}`}`;
  const words: Record<GateVerdict["status"], [CommitStatusRequest["state"], string]> = {
    pass: ["success", `passed: ${gate}`],
    soaking: ["pending", `${SOAKING}${new Date(verdict.firstPassedAt ?? 0).toISOString()}: ${gate}`],
    waiting: ["pending", `waiting: ${unmet}`],
    "timed-out": ["failure", `timed out: ${unmet}`],
  };
  const [state, text] = words[verdict.status];
  return {
    context: agentContext(input.cluster),
    state,
    description: cutDescription(`${prefix}${text}`),
    ...(input.targetUrl === undefined ? {} : { targetUrl: input.targetUrl }),
  };
}

/** A status the agent could not base on a verdict (the manifest at the head cannot be read). */
export function blockedStatus(
  input: { plan: Plan; phase: Phase; cluster: string; targetUrl?: string },
  reason: string,
): CommitStatusRequest {
  return {
    context: agentContext(input.cluster),
    state: "pending",
    description: cutDescription(`${statusPrefix(input.plan, input.phase)}waiting: ${reason}`),
    ...(input.targetUrl === undefined ? {} : { targetUrl: input.targetUrl }),
  };
}

/** Nothing to write: the latest status of the context already says exactly this. */
export function sameStatus(latest: CommitStatusView | undefined, wanted: CommitStatusRequest): boolean {
  return (
    latest !== undefined &&
    latest.context === wanted.context &&
    latest.state === wanted.state &&
    latest.description === wanted.description &&
    (latest.targetUrl ?? "") === (wanted.targetUrl ?? "")
  );
}

/**
 * When the gate first passed, as the agent's own last status on this commit says: the soak time survives
 * restarts of the agent without any state of its own. A success means the soak is already over.
 */
export function firstPassedFrom(latest: CommitStatusView | undefined, prefix: string): number | undefined {
  if (latest === undefined || !latest.description.startsWith(prefix)) return undefined;
  if (latest.state === "success") return 0;
  const rest = latest.description.slice(prefix.length);
  if (latest.state !== "pending" || !rest.startsWith(SOAKING)) return undefined;
  const at = Date.parse(rest.slice(SOAKING.length, SOAKING.length + 24));
  return Number.isNaN(at) ? undefined : at;
}

/**
 * For the App: the agent's verdict on `phase` of `plan`, from the statuses of the default branch head, or
 * undefined when the agent has not spoken about this phase there yet (keep waiting).
 */
export function readAgentStatus(
  statuses: readonly CommitStatusView[],
  input: { plan: Plan; phase: Phase; cluster: string },
): GateView | undefined {
  const prefix = statusPrefix(input.plan, input.phase);
  const latest = statuses.find((s) => s.context === agentContext(input.cluster));
  if (latest === undefined || !latest.description.startsWith(prefix)) return undefined;
  const text = latest.description.slice(prefix.length);
  const summary = `agent ${input.cluster}: ${text}`;
  switch (latest.state) {
    case "success":
      return { status: "pass", unmet: [], summary };
    case "pending": {
      const first = firstPassedFrom(latest, prefix);
      return first === undefined
        ? { status: "waiting", unmet: [text.replace(/^waiting: /, "")], summary }
        : { status: "soaking", unmet: [], summary, firstPassedAt: first };
    }
    default:
      return { status: "timed-out", unmet: [text.replace(/^timed out: /, "")], summary };
  }
}
