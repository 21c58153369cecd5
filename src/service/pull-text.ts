// The title and body of a phase's pull request: which phase, what it changes, the gate that follows and how
// to act. The hidden marker links the pull request back to its tracking issue.
import type { PullView } from "../github/port.js";
import type { Phase, Plan } from "../plan/index.js";
import { list } from "../rollout/decide.js";
import type { RolloutState } from "../rollout/types.js";

export const ISSUE_MARKER = "<!-- node-patch-bot:issue ";
/** The commit the bot pushed for the phase and the default branch sha it built it on: `<head> <base>`. */
const COMMIT_MARKER = "<!-- node-patch-bot:commit ";

export interface PhaseCommitRef {
  head: string;
  base: string;
}

/** `[node-patch 3/9] taint worker-1, worker-2`: the kind and the machines, as the issue list shows them. */
export function phasePullTitle(plan: Plan, phase: Phase): string {
  const rollback = phase.reverts === undefined ? "" : " rollback";
  return `[node-patch ${phase.index}/${plan.phases.length}${rollback}] ${phase.kind} ${list(phase.machines, 5)}`;
}

/**
 * `commit`: what the bot pushed, recorded in the pull request itself. The dashboard records it too, but only
 * after the pull request exists; an app that dies in between would otherwise take its own commit for a
 * stranger's and hold the rollout.
 */
export function phasePullBody(state: RolloutState, phase: Phase, commit?: PhaseCommitRef): string {
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
    ...(commit === undefined ? [] : [`${COMMIT_MARKER}${commit.head} ${commit.base} -->`]),
  ].join("\n");
}

/** The commit a phase pull request's body says the bot pushed, if it says. */
export function phaseCommitOf(body: string): PhaseCommitRef | undefined {
  const match = /<!-- node-patch-bot:commit ([0-9a-f]{40}) ([0-9a-f]{40}) -->/.exec(body);
  return match?.[1] && match[2] ? { head: match[1], base: match[2] } : undefined;
}

/**
 * The commit the bot pushed for `phase` and the base it built it on: as the rollout's state records it, else as
 * its pull request's body does (an app that died before writing the dashboard left only the latter).
 */
export function pushedCommit(
  state: RolloutState,
  phase: Phase,
  pull: Pick<PullView, "body">,
): PhaseCommitRef | undefined {
  return state.phaseCommits[phase.index] ?? phaseCommitOf(pull.body);
}

/** The tracking issue a phase pull request belongs to, from its body. */
export function trackingIssueOf(body: string | null | undefined): number | undefined {
  const at = body?.indexOf(ISSUE_MARKER) ?? -1;
  if (at === -1 || body === null || body === undefined) return undefined;
  const n = Number.parseInt(body.slice(at + ISSUE_MARKER.length), 10);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
