// The title and body of a phase's pull request: which phase, what it changes, the gate that follows and how
// to act. The hidden marker links the pull request back to its tracking issue.
import type { Phase, Plan } from "../plan/index.js";
import { list } from "../rollout/decide.js";
import type { RolloutState } from "../rollout/types.js";

export const ISSUE_MARKER = "<!-- node-patch-bot:issue ";

/** `[node-patch 3/9] taint worker-1, worker-2`: the kind and the machines, as the issue list shows them. */
export function phasePullTitle(plan: Plan, phase: Phase): string {
  const rollback = phase.reverts === undefined ? "" : " rollback";
  return `[node-patch ${phase.index}/${plan.phases.length}${rollback}] ${phase.kind} ${list(phase.machines, 5)}`;
}

export function phasePullBody(state: RolloutState, phase: Phase): string {
  const plan = state.plan;
  const next = plan.phases[phase.index];
  return [
    `Phase **${phase.index} of ${plan.phases.length}** (wave ${phase.wave}) of rollout \`${plan.id}\` · tracking issue #${state.issue}`,
    "",
    `**Kind:** \`${phase.kind}\` · **Machines:** ${phase.machines.map((m) => `\`${m}\``).join(", ")}`,
    "",
    `**Effect:** ${phase.effect}`,
    "",
    ...(phase.reverts === undefined
      ? []
      : [
          `**Rollback:** undoes phase ${phase.reverts}, as @${state.rollback?.by ?? "someone"} asked with \`/patch rollback\`.`,
          "",
        ]),
    `**Gate after merge:** ${phase.gate.description}`,
    "",
    next
      ? `**Next:** phase ${next.index}, ${next.title}, opens once the gate passes.`
      : "**Last phase:** the rollout completes once the gate passes.",
    "",
    `This pull request holds exactly one commit that changes only \`${plan.manifestPath}\`${phase.kind === "add" && plan.poolPath ? ` (and \`${plan.poolPath}\`)` : ""}. Its check run says whether it may be merged now; \`/patch hold\` on the tracking issue stops the rollout.`,
    "",
    `${ISSUE_MARKER}${state.issue} -->`,
  ].join("\n");
}

/** The tracking issue a phase pull request belongs to, from its body. */
export function trackingIssueOf(body: string | null | undefined): number | undefined {
  const at = body?.indexOf(ISSUE_MARKER) ?? -1;
  if (at === -1 || body === null || body === undefined) return undefined;
  const n = Number.parseInt(body.slice(at + ISSUE_MARKER.length), 10);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
