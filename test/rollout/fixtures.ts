import type { PullView } from "../../src/github/port.js";
import { type Plan, preparePlan } from "../../src/plan/index.js";
import { type decide, phaseProgress } from "../../src/rollout/decide.js";
import type { DecideInput, GateView, RolloutState } from "../../src/rollout/types.js";
import { upstream } from "../manifest/helpers.js";

/** A real plan: replace the footloose example's worker with one new machine. */
export function footloosePlan(): Plan {
  const prepared = preparePlan({
    request: {
      file: "request.yaml",
      text: JSON.stringify({
        strategy: "replace",
        machines: { role: "worker" },
        replacements: [{ name: "worker-2", privateAddress: "172.17.0.9" }],
        reason: "CVE-2026-0001",
      }),
    },
    manifest: { file: "machines.yaml", text: upstream("wksctl-footloose-machines.v1alpha3.yaml") },
    manifestPath: "machines.yaml",
  });
  if (!prepared.ok) throw new Error(prepared.diagnostics.map((d) => d.message).join("\n"));
  return prepared.plan;
}

export function stateOf(plan: Plan, extra: Partial<RolloutState> = {}): RolloutState {
  return {
    version: 1,
    plan,
    issue: 7,
    createdAt: 0,
    approvedBy: [],
    gatePassedAt: {},
    phaseCommits: {},
    ...extra,
  };
}

export function pull(plan: Plan, index: number, extra: Partial<PullView> = {}): PullView {
  const phase = plan.phases[index - 1]!;
  return {
    number: 100 + index,
    state: "open",
    merged: false,
    headRef: phase.branch,
    headSha: `head-${index}`,
    baseRef: "main",
    title: phase.title,
    body: "",
    htmlUrl: `https://github.example/o/r/pull/${100 + index}`,
    ...extra,
  };
}

export function merged(plan: Plan, index: number): PullView {
  return pull(plan, index, { state: "closed", merged: true, mergedAt: "2026-11-25T10:00:00Z" });
}

export const ALWAYS_OPEN = { open: true, text: "always open" };
export const PASS: GateView = { status: "pass", unmet: [], summary: "worker-2 Ready" };

/** The state machine's input for `plan`, approved by alice, windows open, auto merges: `extra` says the rest. */
export function decideInput(plan: Plan, extra: Partial<DecideInput> & { pulls?: PullView[] }): DecideInput {
  const { pulls = [], ...rest } = extra;
  return {
    state: stateOf(plan, { approvedBy: ["alice"] }),
    progress: phaseProgress(plan, pulls),
    windows: { pr: ALWAYS_OPEN, merge: ALWAYS_OPEN },
    mergeMode: "auto",
    now: 0,
    ...rest,
  };
}

/** The kinds of a decision's actions, in order. */
export const kinds = (d: ReturnType<typeof decide>) => d.actions.map((a) => a.kind);
