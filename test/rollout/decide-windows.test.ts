// The state machine and patch windows, clock pinned: a pending phase opens only inside a PR window, and a
// person's merge is allowed by the check only while the merge window stays open long enough for the bot to
// turn the check back before it closes.
import { describe, expect, it } from "vitest";
import { decide, MANUAL_MERGE_MARGIN_MS } from "../../src/rollout/decide.js";
import { ALWAYS_OPEN, decideInput, footloosePlan, kinds, merged, PASS, pull } from "./fixtures.js";

const plan = footloosePlan();
const open = ALWAYS_OPEN;
const input = (extra: Parameters<typeof decideInput>[1]) => decideInput(plan, extra);
const checks = (d: ReturnType<typeof decide>) =>
  d.actions.flatMap((a) => (a.kind === "check" ? [a.check] : []));

describe("windows", () => {
  const closed = (text: string) => ({ open: false, text });

  it("does not open a pending phase while the PR window is closed, and says when it opens", () => {
    const prClosed = closed(
      "window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)",
    );
    const first = decide(input({ windows: { pr: prClosed, merge: open } }));
    expect(first).toEqual({
      status: "waiting-for-window",
      current: plan.phases[0],
      headline:
        "Next: phase 1/3 (add worker-2). Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC).",
      unmet: [
        "Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)",
      ],
      actions: [],
    });
    // The same after a converged phase: the next one waits; an open phase is not affected by the PR window.
    const next = decide(
      input({ pulls: [merged(plan, 1)], gate: PASS, windows: { pr: prClosed, merge: open } }),
    );
    expect([next.status, kinds(next)]).toEqual(["waiting-for-window", []]);
    const opened = decide(
      input({ pulls: [pull(plan, 1)], openPull: "fresh", windows: { pr: prClosed, merge: open } }),
    );
    expect(kinds(opened)).toEqual(["check", "merge"]);
  });
});

describe("a manual merge near the end of a merge window", () => {
  const NOW = Date.parse("2026-01-05T09:50:00Z");
  const closingIn = (ms: number) => ({
    open: true,
    text: "window open until Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC) (inside window 0 10 * * * for 1h (Europe/Berlin))",
    closing: {
      at: NOW + ms,
      atText: "Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)",
      next: "next window opens Tue 6 Jan 10:00 Europe/Berlin (09:00 UTC)",
    },
  });
  const manual = (ms: number, mergeMode: "manual" | "auto" = "manual") =>
    decide(
      input({
        pulls: [pull(plan, 1)],
        openPull: "fresh",
        mergeMode,
        now: NOW,
        windows: { pr: open, merge: closingIn(ms) },
      }),
    );

  it("is green while the window stays open longer than the margin, and the check names the window's end", () => {
    expect(MANUAL_MERGE_MARGIN_MS).toBe(2 * 60_000);
    const d = manual(MANUAL_MERGE_MARGIN_MS + 1);
    expect(d.status).toBe("waiting-for-merge");
    expect(checks(d)).toEqual([
      {
        status: "completed",
        conclusion: "success",
        title: "Ready to merge",
        summary:
          "Approved by @alice. Merge window: window open until Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC) (inside window 0 10 * * * for 1h (Europe/Berlin)). This check turns back 2 minutes before the window closes.",
      },
    ]);
  });

  it("turns the check back within the margin, before the bot's next tick could be too late", () => {
    const d = manual(MANUAL_MERGE_MARGIN_MS);
    expect([d.status, d.headline]).toMatchInlineSnapshot(`
      [
        "waiting-for-window",
        "phase 1/3 (add worker-2): Merging waits for a window: the merge window closes Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC), too soon to merge (this check turns back 2 minutes before a window closes); next window opens Tue 6 Jan 10:00 Europe/Berlin (09:00 UTC).",
      ]
    `);
    expect(checks(d)).toEqual([
      {
        status: "in_progress",
        title: "Waiting for a merge window",
        summary:
          "Merging waits for a window: the merge window closes Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC), too soon to merge (this check turns back 2 minutes before a window closes); next window opens Tue 6 Jan 10:00 Europe/Berlin (09:00 UTC)",
      },
    ]);
    expect(kinds(d)).toEqual(["check"]);
  });

  it("does not hold back the bot's own merge: it merges at once, inside the window", () => {
    expect(kinds(manual(30_000, "auto"))).toEqual(["check", "merge"]);
  });
});
