import { describe, expect, it } from "vitest";
import { decide, phaseProgress } from "../../src/rollout/decide.js";
import { droppedOpenPulls, rollbackState } from "../../src/rollout/rollback.js";
import type { GateView, RolloutState } from "../../src/rollout/types.js";
import { footloosePlan, merged, pull, stateOf } from "./fixtures.js";

const plan = footloosePlan();
const open = { open: true, text: "always open" };
const TIMED_OUT: GateView = {
  status: "timed-out",
  unmet: ["worker-2 NotReady"],
  summary: "1 condition unmet",
};
const held = { by: "node-patch-bot", reason: "the gate timed out: worker-2 NotReady", at: 5 };

/** Phase 1 (add worker-2) merged, its gate timed out, phase 2 already open: the usual moment to roll back. */
function turned(): RolloutState {
  const state = stateOf(plan, { approvedBy: ["alice"], held });
  const next = rollbackState(state, phaseProgress(plan, [merged(plan, 1), pull(plan, 2)]), "bob", 10);
  if (typeof next === "string") throw new Error(next);
  return next;
}

describe("/patch rollback", () => {
  it("replaces the phases after the last merged one with the phases that undo it, and lifts the hold", () => {
    const state = turned();
    expect(state.plan.phases.map((p) => `${p.index} ${p.kind} ${p.machines.join(",")} ${p.branch}`)).toEqual([
      `1 add worker-2 ${plan.phases[0]!.branch}`,
      `2 taint worker-2 node-patch/${plan.id}/rollback-2-taint`,
      `3 remove worker-2 node-patch/${plan.id}/rollback-3-remove`,
    ]);
    expect(state.rollback).toEqual({ by: "bob", at: 10, of: 1, dropped: 2 });
    expect(state.held).toBeUndefined();
    expect(state.plan.id).toBe(plan.id);
  });

  it("opens the first undoing phase at once: the rolled-back phase's gate no longer counts, and the dropped phase's pull request is closed", () => {
    const state = turned();
    const pulls = [merged(plan, 1), pull(plan, 2)];
    const dropped = droppedOpenPulls(state, pulls);
    expect(dropped.map((p) => p.number)).toEqual([102]);
    const d = decide({
      state,
      progress: phaseProgress(state.plan, pulls),
      gate: TIMED_OUT,
      dropped,
      windows: { pr: open, merge: open },
      mergeMode: "auto",
      now: 20,
    });
    expect([d.status, d.actions.map((a) => a.kind), d.headline]).toEqual([
      "in-progress",
      ["close-pull", "open-phase"],
      "Opening phase 2/3 (taint worker-2).",
    ]);
  });

  it("then follows the undoing phases' own gates, and completes saying it rolled back", () => {
    const state = turned();
    const pulls = [merged(plan, 1), merged(state.plan, 2)];
    const waiting = decide({
      state,
      progress: phaseProgress(state.plan, pulls),
      gate: { status: "waiting", unmet: ["worker-2 has pods left"], summary: "1 condition unmet" },
      windows: { pr: open, merge: open },
      mergeMode: "auto",
      now: 30,
    });
    expect([waiting.status, waiting.actions.map((a) => a.kind)]).toEqual(["waiting-for-gate", ["actuate"]]);
    const done = decide({
      state,
      progress: phaseProgress(state.plan, [...pulls, merged(state.plan, 3)]),
      gate: { status: "pass", unmet: [], summary: "gone" },
      windows: { pr: open, merge: open },
      mergeMode: "auto",
      now: 40,
    });
    expect([done.status, done.headline]).toEqual([
      "completed",
      "Rolled back: phase 1 undone (rollback by @bob); all 3 phases merged and converged.",
    ]);
  });

  it("is refused before any merge, a second time, and for a removal, with what to do instead", () => {
    const fresh = stateOf(plan, { approvedBy: ["alice"] });
    expect(rollbackState(fresh, phaseProgress(plan, [pull(plan, 1)]), "bob", 1)).toBe(
      `Rollout \`${plan.id}\` has no merged phase to roll back. \`/patch cancel\` stops it before anything changes.`,
    );
    const state = turned();
    expect(rollbackState(state, phaseProgress(state.plan, [merged(plan, 1)]), "bob", 11)).toBe(
      `Rollout \`${plan.id}\` was already rolled back (phase 1, by @bob); it can be rolled back once. Revert further phases by hand, or \`/patch cancel\`.`,
    );
    const all = [merged(plan, 1), merged(plan, 2), merged(plan, 3)];
    expect(rollbackState(fresh, phaseProgress(plan, all), "bob", 1)).toBe(
      `Rollout \`${plan.id}\` cannot be rolled back: phase 3 removed worker-1 from the manifest, and a removed machine cannot be brought back by a rollback. Add it again with a new patch request, or \`/patch retry\` to go on.`,
    );
  });
});
