import { describe, expect, it } from "vitest";
import { decide } from "../../src/rollout/decide.js";
import type { GateView } from "../../src/rollout/types.js";
import { ALWAYS_OPEN, decideInput, footloosePlan, kinds, merged, PASS, pull, stateOf } from "./fixtures.js";

const plan = footloosePlan();
const open = ALWAYS_OPEN;
const input = (extra: Parameters<typeof decideInput>[1]) => decideInput(plan, extra);

describe("the rollout state machine", () => {
  it("plans add, taint, remove for one replaced worker", () => {
    expect(plan.phases.map((p) => `${p.index} ${p.kind} ${p.machines.join(",")}`)).toEqual([
      "1 add worker-2",
      "2 taint worker-1",
      "3 remove worker-1",
    ]);
  });

  it("waits for approval before anything", () => {
    const d = decide({ ...input({}), state: stateOf(plan) });
    expect(d.status).toBe("awaiting-approval");
    expect(d.actions).toEqual([]);
  });

  it("opens the first phase once approved", () => {
    const d = decide(input({}));
    expect([d.status, kinds(d), d.headline]).toEqual([
      "in-progress",
      ["open-phase"],
      "Opening phase 1/3 (add worker-2).",
    ]);
  });

  it("passes the check and merges an open, fresh phase in auto mode; only passes the check in manual mode", () => {
    const auto = decide(input({ pulls: [pull(plan, 1)], openPull: "fresh" }));
    expect(kinds(auto)).toEqual(["check", "merge"]);
    const manual = decide(input({ pulls: [pull(plan, 1)], openPull: "fresh", mergeMode: "manual" }));
    expect([manual.status, kinds(manual), manual.headline]).toEqual([
      "waiting-for-merge",
      ["check"],
      "phase 1/3 (add worker-2) is ready: merge https://github.example/o/r/pull/101.",
    ]);
  });

  it("never opens the next phase before the last merged phase's gate passes", () => {
    const waiting = decide(
      input({
        pulls: [merged(plan, 1)],
        gate: {
          status: "waiting",
          unmet: ["worker-2 (172.17.0.9): no Node yet"],
          summary: "1 condition unmet",
        },
      }),
    );
    expect([waiting.status, kinds(waiting), waiting.unmet]).toEqual([
      "waiting-for-gate",
      [],
      ["worker-2 (172.17.0.9): no Node yet"],
    ]);
    const passed = decide(input({ pulls: [merged(plan, 1)], gate: PASS }));
    expect(kinds(passed)).toEqual(["open-phase"]);
  });

  it("actuates a merged taint phase until its gate passes", () => {
    const d = decide(
      input({
        pulls: [merged(plan, 1), merged(plan, 2)],
        gate: { status: "waiting", unmet: ["default/web-1 still on worker-1"], summary: "draining" },
      }),
    );
    expect(kinds(d)).toEqual(["actuate"]);
  });

  it("records when a gate first passed, and forgets it when the gate fails again so the soak starts over", () => {
    const soaking: GateView = { status: "soaking", unmet: [], summary: "soaking", firstPassedAt: 5_000 };
    const first = decide(input({ pulls: [merged(plan, 1)], gate: soaking }));
    expect(first.actions).toEqual([{ kind: "record-gate-pass", phase: plan.phases[0], at: 5_000 }]);
    const recorded = stateOf(plan, { approvedBy: ["alice"], gatePassedAt: { 1: 5_000 } });
    expect(decide(input({ state: recorded, pulls: [merged(plan, 1)], gate: soaking })).actions).toEqual([]);
    const failed = decide(
      input({
        state: recorded,
        pulls: [merged(plan, 1)],
        gate: { status: "waiting", unmet: ["alert KubeNodeNotReady is firing"], summary: "1 unmet" },
      }),
    );
    expect([failed.status, failed.actions]).toEqual([
      "waiting-for-gate",
      [{ kind: "reset-gate-pass", phase: plan.phases[0] }],
    ]);
    // Also after the gate passed and the next phase opened: it may not merge before a new soak.
    const afterOpen = decide(
      input({
        state: recorded,
        pulls: [merged(plan, 1), pull(plan, 2)],
        openPull: "fresh",
        gate: { status: "waiting", unmet: ["worker-2: NotReady"], summary: "1 unmet" },
      }),
    );
    expect(kinds(afterOpen)).toEqual(["reset-gate-pass", "check"]);
  });

  it("holds when a gate times out, a phase PR is closed, or a person pushed to it", () => {
    const timedOut = decide(
      input({
        pulls: [merged(plan, 1)],
        gate: { status: "timed-out", unmet: ["worker-2: NotReady"], summary: "timed out" },
      }),
    );
    expect([timedOut.status, kinds(timedOut)]).toEqual(["held", ["hold"]]);
    const closed = decide(input({ pulls: [pull(plan, 1, { state: "closed" })] }));
    expect(closed.actions).toEqual([
      { kind: "hold", reason: "phase 1's pull request #101 was closed without merging" },
    ]);
    const foreign = decide(input({ pulls: [pull(plan, 1)], openPull: "foreign" }));
    expect([foreign.status, kinds(foreign)]).toEqual(["held", ["hold", "check"]]);
  });

  it("a held rollout neither opens nor merges, and says who held it", () => {
    const d = decide(
      input({
        state: stateOf(plan, { approvedBy: ["alice"], held: { by: "bob", reason: "incident", at: 0 } }),
        pulls: [pull(plan, 1)],
        openPull: "fresh",
      }),
    );
    expect(d.headline).toBe(
      "Held by @bob: incident. Comment `/patch resume` (or `/patch retry`) to continue.",
    );
    expect(kinds(d)).toEqual(["check"]);
    expect(d.actions[0]).toMatchObject({ check: { conclusion: "action_required", title: "Rollout held" } });
  });

  it("waits for a merge window, with the check saying why", () => {
    const closedWindow = { open: false, text: "closed until Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)" };
    const d = decide(
      input({ pulls: [pull(plan, 1)], openPull: "fresh", windows: { pr: open, merge: closedWindow } }),
    );
    expect([d.status, kinds(d)]).toEqual(["waiting-for-window", ["check"]]);
    expect(d.actions[0]).toMatchObject({
      check: {
        status: "in_progress",
        summary: "Merging waits for a window: closed until Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)",
      },
    });
  });

  it("rebuilds a phase whose default branch moved instead of merging it", () => {
    const d = decide(input({ pulls: [pull(plan, 1)], openPull: "stale" }));
    expect(kinds(d)).toEqual(["refresh-phase"]);
  });

  it("completes once every phase merged and the last gate passed", () => {
    const all = [merged(plan, 1), merged(plan, 2), merged(plan, 3)];
    expect(
      kinds(
        decide(
          input({
            pulls: all,
            gate: { status: "waiting", unmet: ["worker-1's Node still exists"], summary: "" },
          }),
        ),
      ),
    ).toEqual([]);
    expect(kinds(decide(input({ pulls: all, gate: PASS })))).toEqual(["complete"]);
  });

  it("cancel closes the open phase", () => {
    const d = decide(
      input({
        state: stateOf(plan, { approvedBy: ["a"], cancelled: { by: "carol", at: 0 } }),
        pulls: [pull(plan, 1)],
      }),
    );
    expect([d.status, kinds(d)]).toEqual(["cancelled", ["close-phase"]]);
  });

  it("deciding twice on the same facts gives the same actions", () => {
    const i = input({ pulls: [merged(plan, 1), pull(plan, 2)], openPull: "fresh", gate: PASS });
    expect(decide(i)).toEqual(decide(i));
  });
});

describe("approvals", () => {
  it("waits for as many approvals as the config requires", () => {
    const one = decide({ ...input({}), requiredApprovals: 2 });
    expect([one.status, one.headline]).toEqual([
      "awaiting-approval",
      "Waiting for approvals (1 of 2): comment `/patch approve` to start.",
    ]);
    const two = decide({
      ...input({}),
      state: stateOf(plan, { approvedBy: ["alice", "bob"] }),
      requiredApprovals: 2,
    });
    expect(two.status).toBe("in-progress");
  });
});
