// The soak time through the real app: after a phase's gate first passes it must keep passing for
// readiness.soakMinutes before the next phase opens, and a condition that fails during the soak starts it over.
// (The gate timeout through the app is proven in app-rollback.test.ts: the rollout holds, then rolls back.)
import { afterEach, describe, expect, it } from "vitest";
import { createStateCodec } from "../../src/rollout/state-codec.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { dashboard, IN_PLACE, pulls, stepUntil } from "./app-helpers.js";
import { type AlertsServer, standing, startAlertsServer } from "./gate-helpers.js";

let world: LocalWorld | undefined;
let alerts: AlertsServer | undefined;
afterEach(async () => {
  await world?.stop();
  await alerts?.close();
  world = undefined;
  alerts = undefined;
});

const MINUTE = 60_000;
const codec = createStateCodec();

/** When the rollout's state says phase `index`'s gate first passed (the start of its soak). */
function gatePassedAt(w: LocalWorld, issue: number, index: number): number | undefined {
  return codec.decode(dashboard(w, issue))?.gatePassedAt[index];
}

/** When the pull request of phase `index` (1-based, in order of opening) was opened. */
function openedAt(w: LocalWorld, index: number): number {
  const number = pulls(w)[index - 1]?.number ?? 0;
  return Date.parse(w.github.seed.repo(w.fullName).issues.get(number)?.createdAt ?? "");
}

describe("soak time in the app", { timeout: 300_000 }, () => {
  it("opens the next phase only after the gate kept passing for soakMinutes, restarting it after a failure", async () => {
    const a = await startAlertsServer();
    alerts = a;
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        ".github/node-patch-bot.yml": `merge:\n  mode: auto\nreadiness:\n  soakMinutes: 5\n  prometheus:\n    url: ${a.url}\n`,
      },
      setupCluster: (sim) => {
        for (const node of ["worker-1", "worker-2"]) sim.patchWhenDisrupted(node, PATCHED_IMAGE);
      },
    });
    world = w;
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");

    // Phase 1 (taint worker-1) merges; its gate passes once worker-1 is drained and patched; then it soaks.
    await stepUntil(w, () => gatePassedAt(w, n, 1) !== undefined, "phase 1's gate passed", MINUTE);
    const passed1 = gatePassedAt(w, n, 1) ?? 0;
    expect(new Date(passed1 + 5 * MINUTE).toISOString()).toBe("2026-01-05T09:18:00.000Z");
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🔵 waiting for the cluster · 1/4 phases merged · strategy \`in-place\`
      > phase 1/4 (taint worker-1) merged; soaking for its gate: passed, soaking until 2026-01-05T09:18:00.000Z: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      **Window:** window open (no windows configured: always open outside blackouts)"
    `);
    await stepUntil(w, () => pulls(w).length === 2, "phase 2 opened after the soak", MINUTE);
    // Opened at the first tick after the soak ended, not before (the world moves a minute a step).
    expect(openedAt(w, 2) - passed1).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(openedAt(w, 2) - passed1).toBeLessThan(6 * MINUTE);

    // Phase 2 (untaint worker-1) merges and its gate passes; two minutes into the soak an alert fires.
    await stepUntil(w, () => gatePassedAt(w, n, 2) !== undefined, "phase 2's gate passed", MINUTE);
    const passed2 = gatePassedAt(w, n, 2) ?? 0;
    await w.advance(2 * MINUTE);
    a.set([{ alertname: "KubeNodeNotReady", activeAt: "2026-11-25T10:40:00Z" }]);
    await w.advance(MINUTE);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🔵 waiting for the cluster · 2/4 phases merged · strategy \`in-place\`
      > phase 2/4 (untaint worker-1) merged; waiting since 2026-01-05 09:18 UTC for its gate: 1 Node Ready, schedulable and without the bot's taint.
      **Waiting for:**
      - 1 Node Ready, schedulable and without the bot's taint
      - alert KubeNodeNotReady is firing (since 2026-11-25T10:40:00Z)
      **Window:** window open (no windows configured: always open outside blackouts)"
    `);
    // It resolves before the first soak would have ended: the soak starts over from the new pass, five more
    // minutes.
    a.set([]);
    await w.step();
    const resolved = w.sim.clock.now();
    expect(resolved - passed2).toBeLessThan(5 * MINUTE);
    await stepUntil(w, () => pulls(w).length === 3, "phase 3 opened after the second soak", MINUTE);
    expect(gatePassedAt(w, n, 2)).toBeGreaterThanOrEqual(resolved);
    expect(openedAt(w, 3) - resolved).toBeGreaterThanOrEqual(5 * MINUTE);
  });
});
