// The rollout state machine: from what GitHub and the cluster show now to the next actions. Pure; every
// action it returns is idempotent, so deciding twice on the same facts (a redelivered webhook, a second
// replica, a restart) can only repeat harmless writes.
import type { PullView } from "../github/port.js";
import type { Plan } from "../plan/index.js";
import { isRolledBack } from "./rollback.js";
import type { Action, CheckView, DecideInput, Decision, PhaseProgress, WindowView } from "./types.js";
import { waitGate, withCheck } from "./wait-gate.js";

/** Each phase's progress, from the pull requests on the rollout's branches (the newest per branch). */
export function phaseProgress(plan: Plan, pulls: readonly PullView[]): PhaseProgress[] {
  return plan.phases.map((phase) => {
    const mine = pulls.filter((p) => p.headRef === phase.branch).sort((a, b) => b.number - a.number);
    const merged = mine.find((p) => p.merged);
    if (merged)
      return { phase, state: "merged", pull: merged, mergedAt: Date.parse(merged.mergedAt ?? "") || 0 };
    const open = mine.find((p) => p.state === "open");
    if (open) return { phase, state: "open", pull: open };
    const closed = mine[0];
    return closed ? { phase, state: "closed", pull: closed } : { phase, state: "pending" };
  });
}

/** The decision where windows and the merge mode cannot matter yet (a new plan) or any more (a cancel). */
export function describeState(
  state: DecideInput["state"],
  progress: PhaseProgress[],
  now: number,
  dropped: readonly PullView[] = [],
): Decision {
  const always = { open: true, text: "" };
  return decide({
    state,
    progress,
    dropped,
    windows: { pr: always, merge: always },
    mergeMode: "manual",
    now,
  });
}

export function decide(input: DecideInput): Decision {
  const { state, progress } = input;
  const total = state.plan.phases.length;
  const currentIdx = progress.findIndex((p) => p.state !== "merged");
  const current = currentIdx === -1 ? undefined : progress[currentIdx];
  const lastMerged = [...progress].reverse().find((p) => p.state === "merged");
  const actions: Action[] = (input.dropped ?? []).map((pull) => ({ kind: "close-pull", pull }));
  // A merged phase being rolled back needs no gate: its undoing is what comes next.
  const rolledBack = lastMerged !== undefined && isRolledBack(state, lastMerged.phase.index);
  const gateOk = lastMerged === undefined || rolledBack || input.gate?.status === "pass";
  const at = (p: PhaseProgress | undefined) =>
    p ? `phase ${p.phase.index}/${total} (${p.phase.kind} ${list(p.phase.machines)})` : "";

  if (state.cancelled) {
    if (current?.state === "open")
      actions.push({ kind: "close-phase", phase: current.phase, pull: current.pull });
    return {
      status: "cancelled",
      headline: `Cancelled by @${state.cancelled.by}${current ? ` before ${at(current)}` : ""}.`,
      unmet: [],
      actions,
      ...(current ? { current: current.phase } : {}),
    };
  }
  if (state.completedAt !== undefined)
    return { status: "completed", headline: completedHeadline(state, total), unmet: [], actions: [] };

  // The last merged phase's effect must be made real (direct mode) and then observed.
  if (
    lastMerged &&
    !rolledBack &&
    (lastMerged.phase.kind === "taint" || lastMerged.phase.kind === "untaint") &&
    input.gate?.status !== "pass"
  ) {
    actions.push({ kind: "actuate", phase: lastMerged.phase });
  }
  if (
    lastMerged &&
    !rolledBack &&
    input.gate &&
    input.gate.status !== "timed-out" &&
    input.gate.firstPassedAt !== undefined &&
    state.gatePassedAt[lastMerged.phase.index] === undefined
  ) {
    actions.push({ kind: "record-gate-pass", phase: lastMerged.phase, at: input.gate.firstPassedAt });
  }
  // A soak means "kept passing": a gate that fails after it first passed must soak again from its next pass.
  if (
    lastMerged &&
    !rolledBack &&
    (input.gate?.status === "waiting" || input.gate?.status === "timed-out") &&
    state.gatePassedAt[lastMerged.phase.index] !== undefined
  ) {
    actions.push({ kind: "reset-gate-pass", phase: lastMerged.phase });
  }

  if (current === undefined) {
    if (gateOk)
      return {
        status: "completed",
        headline: completedHeadline(state, total),
        unmet: [],
        actions: [...actions, { kind: "complete" }],
      };
    return waitGate(input, lastMerged!, actions, undefined, at);
  }
  const hold = holdReason(input, current, rolledBack);
  if (hold !== undefined && !state.held) actions.push({ kind: "hold", reason: hold });
  const held = state.held ?? (hold !== undefined ? { by: "node-patch-bot", reason: hold } : undefined);
  const required = input.requiredApprovals ?? 1;
  if (state.approvedBy.length < required) {
    const waiting =
      required === 1
        ? "Waiting for approval"
        : `Waiting for approvals (${state.approvedBy.length} of ${required})`;
    return {
      status: "awaiting-approval",
      current: current.phase,
      headline: `${waiting}: comment \`/patch approve\` to start.`,
      unmet: ["approval missing"],
      actions: withCheck(actions, current, {
        status: "completed",
        conclusion: "action_required",
        title: "Approval missing",
        summary: "Comment `/patch approve` on the tracking issue.",
      }),
    };
  }
  if (held) {
    return {
      status: "held",
      current: current.phase,
      headline: `Held by @${held.by}: ${held.reason}. Comment \`/patch resume\` (or \`/patch retry\`) to continue.`,
      unmet: [`held: ${held.reason}`],
      actions: withCheck(actions, current, {
        status: "completed",
        conclusion: "action_required",
        title: "Rollout held",
        summary: `Held by @${held.by}: ${held.reason}`,
      }),
    };
  }
  if (!gateOk) return waitGate(input, lastMerged!, actions, current, at);

  if (current.state === "pending") {
    if (!input.windows.pr.open)
      return {
        status: "waiting-for-window",
        current: current.phase,
        headline: `Next: ${at(current)}. Pull requests wait for a window: ${input.windows.pr.text}.`,
        unmet: [`Pull requests wait for a window: ${input.windows.pr.text}`],
        actions,
      };
    actions.push({ kind: "open-phase", phase: current.phase });
    return {
      status: "in-progress",
      current: current.phase,
      headline: `Opening ${at(current)}.`,
      unmet: [],
      actions,
    };
  }
  if (current.state !== "open") throw new Error("unreachable: a closed phase holds the rollout");
  if (input.openPull === "stale")
    actions.push({ kind: "refresh-phase", phase: current.phase, pull: current.pull });
  const mergeWindow = manualMergeWindow(input);
  if (!mergeWindow.open) {
    const text = `Merging waits for a window: ${mergeWindow.text}`;
    return {
      status: "waiting-for-window",
      current: current.phase,
      headline: `${at(current)}: ${text}.`,
      unmet: [text],
      actions: withCheck(actions, current, {
        status: "in_progress",
        title: "Waiting for a merge window",
        summary: text,
      }),
    };
  }
  if (input.openPull === "stale")
    return {
      status: "in-progress",
      current: current.phase,
      headline: `Refreshing ${at(current)} on the moved default branch.`,
      unmet: [],
      actions,
    };
  const ready: CheckView = {
    status: "completed",
    conclusion: "success",
    title: "Ready to merge",
    summary: gateSummary(input, lastMerged),
  };
  const withReady = withCheck(actions, current, ready);
  if (input.mergeMode === "auto") withReady.push({ kind: "merge", phase: current.phase, pull: current.pull });
  return {
    status: input.mergeMode === "auto" ? "in-progress" : "waiting-for-merge",
    current: current.phase,
    headline:
      input.mergeMode === "auto"
        ? `Merging ${at(current)}.`
        : `${at(current)} is ready: merge ${current.pull.htmlUrl}.`,
    unmet: [],
    actions: withReady,
  };
}

/** Why the rollout must stop and ask a person, if it must. */
function holdReason(input: DecideInput, current: PhaseProgress, rolledBack: boolean): string | undefined {
  if (input.gate?.status === "timed-out" && !rolledBack)
    return `the gate timed out: ${input.gate.unmet.join("; ")}`;
  if (current.state === "closed")
    return `phase ${current.phase.index}'s pull request #${current.pull.number} was closed without merging`;
  if (current.state === "open" && input.openPull === "foreign")
    return `phase ${current.phase.index}'s pull request #${current.pull.number} was changed by someone else`;
  return undefined;
}

/**
 * Manual merges: a green check must stay true until the bot can turn it back. The timer reconciles every
 * minute and a tick can run late, so within this long of the merge window's end the check already says the
 * window is closing, and nobody can merge outside it in the gap.
 */
export const MANUAL_MERGE_MARGIN_MS = 2 * 60_000;

function manualMergeWindow(input: DecideInput): WindowView {
  const window = input.windows.merge;
  const closing = window.closing;
  if (input.mergeMode !== "manual" || !window.open || closing === undefined) return window;
  if (closing.at - input.now > MANUAL_MERGE_MARGIN_MS) return window;
  const minutes = MANUAL_MERGE_MARGIN_MS / 60_000;
  return {
    open: false,
    text: `the merge window closes ${closing.atText}, too soon to merge (this check turns back ${minutes} minutes before a window closes); ${closing.next}`,
  };
}

function gateSummary(input: DecideInput, lastMerged: PhaseProgress | undefined): string {
  const closes =
    input.mergeMode === "manual" && input.windows.merge.closing !== undefined
      ? ` This check turns back ${MANUAL_MERGE_MARGIN_MS / 60_000} minutes before the window closes.`
      : "";
  const windows = `Merge window: ${input.windows.merge.text}.${closes}`;
  if (!lastMerged) return `Approved by ${input.state.approvedBy.map((u) => `@${u}`).join(", ")}. ${windows}`;
  return `Phase ${lastMerged.phase.index} converged (${input.gate?.summary ?? "gate passed"}). ${windows}`;
}

function completedHeadline(state: DecideInput["state"], total: number): string {
  const rollback = state.rollback;
  return rollback === undefined
    ? `Completed: all ${total} phases merged and converged.`
    : `Rolled back: phase ${rollback.of} undone (rollback by @${rollback.by}); all ${total} phases merged and converged.`;
}

export function list(names: readonly string[], max = 3): string {
  return names.length <= max
    ? names.join(", ")
    : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
