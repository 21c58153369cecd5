// The configured blockers through the real app (direct mode): a pod matching readiness.blockingPodSelectors
// on a node in flight, and a firing alert on the Prometheus server readiness.prometheus names, each stop the
// rollout (the dashboard and the next phase's check run name it) and the rollout goes on once it is gone.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { dashboard, IN_PLACE, mergeAs, pulls, stepUntil } from "./app-helpers.js";
import { type AlertsServer, checkRun, standing, startAlertsServer } from "./gate-helpers.js";

let world: LocalWorld | undefined;
let alerts: AlertsServer | undefined;
afterEach(async () => {
  await world?.stop();
  await alerts?.close();
  world = undefined;
  alerts = undefined;
});

const CHECK = "node-patch-bot/example";
/** Watchdog fires all the time by design (Prometheus' dead man's switch): the config ignores it. */
const WATCHDOG = { alertname: "Watchdog", activeAt: "2026-01-01T00:00:00Z" };
const DISK = { alertname: "NodeFilesystemAlmostFull", activeAt: "2026-11-25T10:20:00Z" };

const config = (url: string) => `merge:
  mode: manual
readiness:
  blockingPodSelectors:
    - matchLabels: { app: backup }
  prometheus:
    url: ${url}
    ignoreAlerts: ^Watchdog$
`;

describe("blockers in the app", { timeout: 300_000 }, () => {
  it("a blocking pod on the node in flight, then a firing alert, each stop the rollout until gone", async () => {
    const a = await startAlertsServer([WATCHDOG]);
    alerts = a;
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": config(a.url) },
      setupCluster: (sim) => {
        for (const node of ["worker-1", "worker-2"]) sim.patchWhenDisrupted(node, PATCHED_IMAGE);
        // A backup agent on every node: kured's example of a pod that must finish before a node goes down.
        sim.addDaemonSet({ namespace: "backup", name: "backup-agent", labels: { app: "backup" } });
      },
    });
    world = w;
    w.github.seed.protectBranch(w.fullName, "main", { contexts: [CHECK] });
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await stepUntil(w, () => pulls(w).length === 1, "phase 1 opened");
    await w.step();
    expect((await mergeAs(w, "alice", pulls(w)[0]?.number ?? 0)).status).toBe(200);

    // worker-1 is drained and patched, but the backup pod on it (a DaemonSet pod: the drain leaves it) blocks.
    await stepUntil(w, () => dashboard(w, n).includes("blocks the rollout"), "the backup pod blocks");
    for (let i = 0; i < 4; i++) await w.advance(60_000);
    expect(pulls(w)).toHaveLength(1);
    const backupPod = w.sim.pods({ nodeName: "worker-1", namespace: "backup" })[0]?.metadata.name;
    expect(standing(w, n).replaceAll(backupPod ?? "?", "<pod>")).toMatchInlineSnapshot(`
      "**Status:** 🔵 waiting for the cluster · 1/4 phases merged · strategy \`in-place\`
      > phase 1/4 (taint worker-1) merged; waiting since 2026-01-05 09:10 UTC for its gate: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      **Waiting for:**
      - 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64
      - backup/<pod> on worker-1 (172.17.0.3) blocks the rollout (blocking pod selector app=backup)
      **Window:** window open (no windows configured: always open outside blackouts)"
    `);
    expect(a.reads()).toBeGreaterThan(0);

    // The backup finishes (its DaemonSet is deleted): the gate passes and phase 2 opens, ready to merge.
    w.sim.removeDaemonSet("backup", "backup-agent");
    await stepUntil(w, () => pulls(w).length === 2, "phase 2 opened once the backup pod was gone");
    await w.step();
    const second = pulls(w)[1]?.number ?? 0;
    expect(checkRun(w, second)).toMatchInlineSnapshot(`
      {
        "conclusion": "success",
        "status": "completed",
        "summary": "Phase 1 converged (passed: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64). Merge window: window open (no windows configured: always open outside blackouts).",
        "title": "Ready to merge",
      }
    `);

    // A disk alert fires before anyone merged: the check turns back, GitHub refuses the merge, and the
    // dashboard and the check say which alert.
    a.set([WATCHDOG, DISK]);
    await w.step();
    expect(checkRun(w, second)).toMatchInlineSnapshot(`
      {
        "conclusion": null,
        "status": "in_progress",
        "summary": "phase 1/4 (taint worker-1) merged; waiting since 2026-01-05 09:10 UTC for its gate: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64
      alert NodeFilesystemAlmostFull is firing (since 2026-11-25T10:20:00Z)",
        "title": "Previous phase not converged",
      }
    `);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🔵 waiting for the cluster · 1/4 phases merged · strategy \`in-place\`
      > phase 1/4 (taint worker-1) merged; waiting since 2026-01-05 09:10 UTC for its gate: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      **Waiting for:**
      - 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64
      - alert NodeFilesystemAlmostFull is firing (since 2026-11-25T10:20:00Z)
      **Window:** window open (no windows configured: always open outside blackouts)"
    `);
    expect(await mergeAs(w, "alice", second)).toMatchInlineSnapshot(`
      {
        "message": "Required status check "node-patch-bot/example" is expected.",
        "status": 405,
      }
    `);

    // The alert resolves: the check is green again and the merge goes through.
    a.set([WATCHDOG]);
    await w.step();
    expect(checkRun(w, second)?.title).toBe("Ready to merge");
    expect((await mergeAs(w, "alice", second)).status).toBe(200);
  });
});
