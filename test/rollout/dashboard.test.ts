// The dashboard is rewritten only when its text changes, so its text must change only on transitions a person
// cares about: a gate's live progress (pods evicted one by one, nodes joining) and the passing minutes are
// not among them.
import { describe, expect, it } from "vitest";
import { renderDashboard } from "../../src/rollout/dashboard.js";
import { decide, phaseProgress } from "../../src/rollout/decide.js";
import { createStateCodec } from "../../src/rollout/state-codec.js";
import type { DecideInput, GateView } from "../../src/rollout/types.js";
import { footloosePlan, merged, pull, stateOf } from "./fixtures.js";

const plan = footloosePlan();
const codec = createStateCodec();
const always = { open: true, text: "always open" };
const description = plan.phases[1]!.gate.description;

function shown(gate: GateView, now: number): string {
  const input: DecideInput = {
    state: stateOf(plan, { approvedBy: ["alice"] }),
    progress: phaseProgress(plan, [merged(plan, 1), merged(plan, 2)]),
    gate,
    windows: { pr: always, merge: always },
    mergeMode: "auto",
    now,
  };
  return renderDashboard(input.state, decide(input), input.progress, codec, { windowText: always.text });
}

const waiting = (unmet: string[]): GateView => ({
  status: "waiting",
  unmet,
  summary: description,
  waitingFor: [description],
});

describe("the dashboard while a gate waits", () => {
  it("says what the gate waits for and since when, not how far it got", () => {
    const text = shown(waiting(["default/web-1 still on worker-1", "default/web-2 still on worker-1"]), 1);
    expect(text).toContain(
      `> phase 2/3 (taint worker-1) merged; waiting since 2026-11-25 10:00 UTC for its gate: ${description}.`,
    );
    expect(text).toContain(`**Waiting for:**\n- ${description}\n`);
    expect(text).not.toContain("web-1");
  });

  it("is the same text while only the gate's progress and the clock move", () => {
    const first = shown(waiting(["default/web-1 still on worker-1", "default/web-2 still on worker-1"]), 1);
    const later = shown(waiting(["default/web-2 still on worker-1"]), 5 * 60_000);
    expect(later).toBe(first);
  });

  it("changes when the gate passes into its soak time", () => {
    const first = shown(waiting(["default/web-2 still on worker-1"]), 1);
    const soaking = shown(
      { status: "soaking", unmet: [], summary: `passed, soaking: ${description}`, firstPassedAt: 2 },
      2,
    );
    expect(soaking).not.toBe(first);
    expect(soaking).toContain("soaking for its gate: passed, soaking");
  });

  it("lists the live conditions as they are when the gate gives no steadier words", () => {
    const text = shown({ status: "waiting", unmet: ["setup/machines.yaml cannot be read"], summary: "x" }, 1);
    expect(text).toContain("**Waiting for:**\n- setup/machines.yaml cannot be read\n");
  });
});

describe("the check run of a phase open for people to merge while the previous gate waits", () => {
  it("names what is unmet right now, beyond what the dashboard says", () => {
    const unmet = Array.from({ length: 12 }, (_, i) => `default/web-${i} still on worker-1`);
    const decision = decide({
      state: stateOf(plan, { approvedBy: ["alice"] }),
      progress: phaseProgress(plan, [merged(plan, 1), merged(plan, 2), pull(plan, 3)]),
      gate: waiting(unmet),
      windows: { pr: always, merge: always },
      mergeMode: "manual",
      now: 1,
    });
    const check = decision.actions.find((a) => a.kind === "check");
    expect(check?.kind === "check" ? check.check : undefined).toMatchInlineSnapshot(`
      {
        "status": "in_progress",
        "summary": "phase 2/3 (taint worker-1) merged; waiting since 2026-11-25 10:00 UTC for its gate: 1 Node tainted node-patch-bot.dev/patching:NoSchedule with no evictable pods left.
      1 Node tainted node-patch-bot.dev/patching:NoSchedule with no evictable pods left

      Unmet now:
      - default/web-0 still on worker-1
      - default/web-1 still on worker-1
      - default/web-2 still on worker-1
      - default/web-3 still on worker-1
      - default/web-4 still on worker-1
      - default/web-5 still on worker-1
      - default/web-6 still on worker-1
      - default/web-7 still on worker-1
      - default/web-8 still on worker-1
      - default/web-9 still on worker-1
      - … and 2 more",
        "title": "Previous phase not converged",
      }
    `);
  });
});
