// The rollout dashboard: the bot's comment on the tracking issue. It shows where the rollout stands, each
// phase with its pull request, what the current gate waits for, and how to act; the plan's detail sits in a
// collapsed section, and the rollout's state in a hidden block. The text depends only on its inputs, so the
// bot rewrites the comment only when something changed.
import { renderPlanMarkdown } from "../plan/index.js";
import { DASHBOARD_MARKER, type StateCodec } from "./state-codec.js";
import type { Decision, PhaseProgress, RolloutState, RolloutStatus } from "./types.js";

const STATUS: Record<RolloutStatus, string> = {
  "awaiting-approval": "🟡 awaiting approval",
  "in-progress": "🔵 in progress",
  "waiting-for-gate": "🔵 waiting for the cluster",
  "waiting-for-window": "🕒 waiting for a window",
  "waiting-for-merge": "🟢 ready to merge",
  held: "⏸️ held",
  queued: "⏳ queued",
  cancelled: "⚪ cancelled",
  completed: "✅ completed",
};

/** GitHub's limit for a comment body; the plan detail is cut first when a dashboard would exceed it. */
const MAX_BODY = 65_536;

export interface DashboardExtras {
  /** "closed until Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)" and the like. */
  windowText?: string;
}

export function renderDashboard(
  state: RolloutState,
  decision: Decision,
  progress: readonly PhaseProgress[],
  codec: StateCodec,
  extras: DashboardExtras = {},
): string {
  const plan = state.plan;
  const merged = progress.filter((p) => p.state === "merged").length;
  const waitingFor = decision.waitingFor ?? decision.unmet;
  const head = [
    DASHBOARD_MARKER,
    `## node-patch-bot rollout \`${plan.id}\`${plan.cluster ? ` · cluster \`${plan.cluster}\`` : ""}`,
    "",
    `**Status:** ${STATUS[decision.status]} · ${merged}/${plan.phases.length} phases merged · strategy \`${plan.strategy}\`${plan.reason ? ` · ${plan.reason}` : ""}`,
    "",
    `> ${decision.headline}`,
    ...(waitingFor.length > 0
      ? ["", "**Waiting for:**", ...waitingFor.slice(0, 20).map((u) => `- ${u}`)]
      : []),
    ...(extras.windowText ? ["", `**Window:** ${extras.windowText}`] : []),
    ...(state.approvedBy.length > 0
      ? ["", `**Approved by:** ${state.approvedBy.map((u) => `@${u}`).join(", ")}`]
      : []),
    ...(state.rollback
      ? [
          "",
          `**Rolled back:** phase ${state.rollback.of} by @${state.rollback.by}; ${state.rollback.dropped} planned phase${state.rollback.dropped === 1 ? "" : "s"} after it dropped.`,
        ]
      : []),
    "",
  ];
  const rows = progress.map((p) => {
    const mark = p.state === "merged" ? "- [x]" : "- [ ]";
    const pr =
      p.state === "pending"
        ? ""
        : ` · #${p.pull.number}${p.state === "closed" ? " (closed)" : p.state === "open" ? " (open)" : ""}`;
    const here = decision.current?.index === p.phase.index && p.state !== "merged" ? " ← current" : "";
    return `${mark} **${p.phase.index}.** ${p.phase.title}${pr}${here}`;
  });
  const phases =
    rows.length > 200
      ? [...rows.slice(0, 100), `- … ${rows.length - 150} more phases …`, ...rows.slice(-50)]
      : rows;
  const commands = [
    "<details><summary>Commands</summary>",
    "",
    "`/patch approve` · `/patch hold [reason]` · `/patch resume` · `/patch retry` · `/patch cancel` · `/patch rollback` · `/patch status` · `/patch plan <request>`",
    "",
    "</details>",
  ];
  const detail = [
    "<details><summary>Plan</summary>",
    "",
    // The plan's own text, diagram included: the same words as `/patch plan` and the CLI.
    renderPlanMarkdown(plan),
    "</details>",
  ];
  const hidden = codec.encode(state);
  const body = (withDetail: boolean) =>
    [
      ...head,
      "### Phases",
      "",
      ...phases,
      "",
      ...(withDetail ? detail : []),
      ...commands,
      "",
      hidden,
      "",
    ].join("\n");
  const full = body(true);
  return full.length <= MAX_BODY ? full : body(false);
}
