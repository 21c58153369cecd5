// The rollout state machine's inputs and outputs: plain data. What a rollout has done is read from GitHub
// (the phase pull requests and the tracking issue's hidden state); what it should do next is decided here.
import type { RolloutStateDocument } from "../generated/rollout-state.js";
import type { PullView } from "../github/port.js";
import type { Phase } from "../plan/index.js";
import type { WindowView } from "../schedule/describe.js";

/** Whether pull requests may open or merge now, from the repository's windows (schedule/describe.ts). */
export type { WindowView };

/** What the bot keeps on the tracking issue (schemas/rollout-state.schema.json). */
export type RolloutState = RolloutStateDocument;

export type PhaseProgress =
  | { phase: Phase; state: "pending" }
  | { phase: Phase; state: "open"; pull: PullView }
  | { phase: Phase; state: "merged"; pull: PullView; mergedAt: number }
  | { phase: Phase; state: "closed"; pull: PullView };

/** A gate's verdict as the state machine needs it (the readiness layer computes it from the cluster). */
export interface GateView {
  status: "pass" | "soaking" | "waiting" | "timed-out";
  /** The conditions not met now, in plain words: live detail, which can change on every tick. */
  unmet: string[];
  /** One line for headlines and check runs. It must not carry progress (counts, clocks) that changes while the gate waits. */
  summary: string;
  firstPassedAt?: number;
  /**
   * What the dashboard and the check run list while the gate waits, when `unmet` is live progress (pods
   * left to evict, nodes still joining): words that stay true until the gate passes, fails or is held, so a
   * tick that only sees progress rewrites nothing. Absent: `unmet` is shown as it is.
   */
  waitingFor?: string[];
}

export interface DecideInput {
  state: RolloutState;
  progress: PhaseProgress[];
  /** The verdict of the last merged phase's gate (absent before the first merge). */
  gate?: GateView;
  /** Whether the open phase pull request still holds the bot's own commit on the current default branch. */
  openPull?: "fresh" | "stale" | "foreign";
  /** Open pull requests of forward phases a rollback dropped. */
  dropped?: readonly PullView[];
  windows: { pr: WindowView; merge: WindowView };
  mergeMode: "manual" | "auto";
  /** Approvals needed before the first phase opens (`approvals.required`, default 1). */
  requiredApprovals?: number;
  now: number;
}

export type RolloutStatus =
  | "awaiting-approval"
  | "in-progress"
  | "waiting-for-gate"
  | "waiting-for-window"
  | "waiting-for-merge"
  | "held"
  | "queued"
  | "cancelled"
  | "completed";

export interface CheckView {
  status: "in_progress" | "completed";
  conclusion?: "success" | "action_required";
  title: string;
  summary: string;
}

export type Action =
  /** Open the pull request of `phase` from the current default branch. */
  | { kind: "open-phase"; phase: Phase }
  /** Rebuild the open phase's commit on the moved default branch. */
  | { kind: "refresh-phase"; phase: Phase; pull: PullView }
  /** Bring the phase pull request's check run up to date. */
  | { kind: "check"; phase: Phase; pull: PullView; check: CheckView }
  | { kind: "merge"; phase: Phase; pull: PullView }
  /** Apply the merged phase's effect on Nodes (direct mode: taints, cordon, drain). */
  | { kind: "actuate"; phase: Phase }
  | { kind: "record-gate-pass"; phase: Phase; at: number }
  /** Forget when the gate first passed: it failed since, so its soak starts over when it passes again. */
  | { kind: "reset-gate-pass"; phase: Phase }
  | { kind: "hold"; reason: string }
  | { kind: "close-phase"; phase: Phase; pull: PullView }
  /** Close a dropped phase's pull request and delete its branch. */
  | { kind: "close-pull"; pull: PullView }
  | { kind: "complete" };

export interface Decision {
  status: RolloutStatus;
  /** The phase the rollout is at (the first not merged), if any. */
  current?: Phase;
  /** One sentence for the dashboard and the check run. */
  headline: string;
  /** Unmet conditions, in plain words. */
  unmet: string[];
  /** What the dashboard lists under "Waiting for" when it differs from `unmet` (a gate's live progress). */
  waitingFor?: string[];
  actions: Action[];
}
