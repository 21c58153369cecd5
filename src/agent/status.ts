// The agent's verdict as a GitHub commit status, and back. Pure: the agent writes what `statusFor` says, and
// the App reads it with `readAgentStatus`. The description never carries a running clock ("3 min of 30"),
// so an unchanged cluster gives an unchanged status and the agent writes nothing (GitHub counts every status
// against its content-creation limits).

import type { ReadinessConfig } from "../generated/readiness.js";
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
const BLOCKED = "blocked: ";

/** The commit status for a verdict on `phase`: success = pass, pending = waiting or soaking, failure = timed out. */
export function statusFor(
  input: { plan: Plan; phase: Phase; cluster: string; targetUrl?: string },
  verdict: Pick<GateVerdict, "status" | "unmet" | "firstPassedAt"> & { blockers?: readonly string[] },
): CommitStatusRequest {
  const prefix = statusPrefix(input.plan, input.phase);
  const gate = input.phase.gate.description;
  // A blocker comes first, marked as one: the App shows it on the dashboard (progress it does not).
  const blocker = verdict.status === "waiting" ? verdict.blockers?.[0] : undefined;
  const unmet =
    blocker !== undefined
      ? `${BLOCKED}${blocker}`
      : `${verdict.unmet.length} unmet${verdict.unmet[0] === undefined ? "" : `: ${verdict.unmet[0]}`}`;
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
 * The logins whose statuses on the agent's context count as the agent's: `readiness.agentLogins`, or only the
 * App itself when the list is absent (fail closed: an agent with a token of its own waits, and says why, until
 * its login is listed). Anyone with write access can set a status on any context; the creator cannot be forged.
 */
export function trustedAgentLogins(
  readiness: ReadinessConfig | undefined,
  botLogin: string,
): readonly string[] {
  return readiness?.agentLogins ?? [botLogin];
}

const trustedBy = (status: CommitStatusView, trusted: readonly string[]) =>
  status.creator !== undefined &&
  trusted.some((login) => login.toLowerCase() === status.creator?.toLowerCase());

/**
 * The newest status on the agent's context by a trusted login (`statuses` newest first, as `commitStatuses`
 * answers), and one line per other author of a newer status on that context, for the unmet list.
 */
export function trustedAgentStatus(
  statuses: readonly CommitStatusView[],
  cluster: string,
  trusted: readonly string[],
): { latest?: CommitStatusView; ignored: string[] } {
  const ofContext = statuses.filter((s) => s.context === agentContext(cluster));
  const at = ofContext.findIndex((s) => trustedBy(s, trusted));
  const newer = at === -1 ? ofContext : ofContext.slice(0, at);
  const ignored = [
    ...new Set(
      newer.map((s) =>
        s.creator === undefined
          ? "ignored a status by an unknown author"
          : `ignored a status by @${s.creator}`,
      ),
    ),
  ];
  const latest = ofContext[at];
  return latest === undefined ? { ignored } : { latest, ignored };
}

/**
 * For the App: the agent's verdict on `phase` of `plan`, from the statuses of the default branch head (newest
 * first), or undefined when the agent has not spoken about this phase there yet (keep waiting). Only statuses
 * written by a `trusted` login count; newer ones by anyone else are ignored and listed as unmet, so a forged
 * success can neither pass a gate nor go unnoticed.
 */
export function readAgentStatus(
  statuses: readonly CommitStatusView[],
  input: { plan: Plan; phase: Phase; cluster: string; trusted: readonly string[] },
): GateView | undefined {
  const prefix = statusPrefix(input.plan, input.phase);
  const { latest, ignored } = trustedAgentStatus(statuses, input.cluster, input.trusted);
  if (latest === undefined || !latest.description.startsWith(prefix)) {
    if (ignored.length === 0) return undefined;
    const who = input.trusted.map((l) => `@${l}`).join(", ");
    return {
      status: "waiting",
      unmet: [...ignored, `no status by the agent (${who}) on this phase yet`],
      summary: `agent ${input.cluster}: waiting for a status by ${who}`,
    };
  }
  const text = latest.description.slice(prefix.length);
  const summary = `agent ${input.cluster}: ${text}${ignored.length === 0 ? "" : ` (${ignored.join("; ")})`}`;
  switch (latest.state) {
    case "success":
      return { status: "pass", unmet: [], summary };
    case "pending": {
      const first = firstPassedFrom(latest, prefix);
      return first === undefined
        ? { status: "waiting", unmet: [text.replace(/^waiting: /, ""), ...ignored], summary }
        : { status: "soaking", unmet: [], summary, firstPassedAt: first };
    }
    default:
      return { status: "timed-out", unmet: [text.replace(/^timed out: /, ""), ...ignored], summary };
  }
}

/** What a waiting verdict the agent reported names as blocking the rollout (see statusFor), if anything. */
export function reportedBlockers(view: Pick<GateView, "status" | "unmet">): string[] {
  const first = view.unmet[0];
  return view.status === "waiting" && first?.startsWith(BLOCKED) ? [first] : [];
}
