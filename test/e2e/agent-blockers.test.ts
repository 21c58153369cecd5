// The configured blockers in agent mode: the in-cluster agent reads the blocking pods and the Prometheus
// alerts itself and publishes a pending status naming them; the App (no cluster credentials) shows that on the
// dashboard and the next phase's check run, and the rollout goes on once the blocker is gone.
import { afterEach, describe, expect, it } from "vitest";
import { agentContext } from "../../src/agent/index.js";
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
const DISK = { alertname: "NodeFilesystemAlmostFull", activeAt: "2026-11-25T10:20:00Z" };

const config = (url: string) => `merge:
  mode: manual
readiness:
  agentLogins: [agent]
  blockingPodSelectors:
    - matchLabels: { app: backup }
  prometheus:
    url: ${url}
`;

/** The agent's newest status on the default branch's head. */
function agentStatus(w: LocalWorld) {
  const s = w.github.seed
    .repo(w.fullName)
    .statuses.filter((x) => x.context === agentContext("example"))
    .at(-1);
  return s === undefined ? undefined : { state: s.state, description: s.description, creator: s.creator };
}

describe("blockers in agent mode", { timeout: 300_000 }, () => {
  it("the agent reports a blocking pod, then a firing alert, and the App waits until each is gone", async () => {
    const a = await startAlertsServer();
    alerts = a;
    const w = await startLocalWorld({
      mode: "agent",
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": config(a.url) },
      setupCluster: (sim) => {
        for (const node of ["worker-1", "worker-2"]) sim.patchWhenDisrupted(node, PATCHED_IMAGE);
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

    // The agent taints and drains worker-1; the backup pod stays on it and blocks: the agent says so.
    await stepUntil(w, () => dashboard(w, n).includes("blocks the rollout"), "the backup pod blocks");
    for (let i = 0; i < 4; i++) await w.advance(60_000);
    expect(pulls(w)).toHaveLength(1);
    const backupPod = w.sim.pods({ nodeName: "worker-1", namespace: "backup" })[0]?.metadata.name ?? "?";
    expect(agentStatus(w)?.description?.replaceAll(backupPod, "<pod>")).toMatchInlineSnapshot(
      `"8d8c3da94153 phase 1/4: waiting: blocked: backup/<pod> on worker-1 (172.17.0.3) blocks the rollout (blocking pod selector app=…"`,
    );
    expect(standing(w, n).replaceAll(backupPod, "<pod>")).toMatchInlineSnapshot(`
      "**Status:** 🔵 waiting for the cluster · 1/4 phases merged · strategy \`in-place\`
      > phase 1/4 (taint worker-1) merged; waiting since 2026-01-05 09:10 UTC for its gate: agent example: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      **Waiting for:**
      - 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64
      - blocked: backup/<pod> on worker-1 (172.17.0.3) blocks the rollout (blocking pod selector app=…
      **Window:** window open (no windows configured: always open outside blackouts)"
    `);

    w.sim.removeDaemonSet("backup", "backup-agent");
    await stepUntil(w, () => pulls(w).length === 2, "phase 2 opened once the backup pod was gone");
    await w.step();
    const second = pulls(w)[1]?.number ?? 0;
    expect(checkRun(w, second)?.title).toBe("Ready to merge");

    // An alert fires: the agent's status turns pending with it, the App's check turns back.
    a.set([DISK]);
    await w.step();
    expect(agentStatus(w)).toMatchInlineSnapshot(`
      {
        "creator": "agent",
        "description": "8d8c3da94153 phase 1/4: waiting: blocked: alert NodeFilesystemAlmostFull is firing (since 2026-11-25T10:20:00Z)",
        "state": "pending",
      }
    `);
    expect(checkRun(w, second)).toMatchInlineSnapshot(`
      {
        "conclusion": null,
        "status": "in_progress",
        "summary": "phase 1/4 (taint worker-1) merged; waiting since 2026-01-05 09:10 UTC for its gate: agent example: 1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64.
      1 Node drained, then Ready again reporting kernel 3.10.0-1160.119.1.el7.x86_64
      blocked: alert NodeFilesystemAlmostFull is firing (since 2026-11-25T10:20:00Z)",
        "title": "Previous phase not converged",
      }
    `);
    expect((await mergeAs(w, "alice", second)).status).toBe(405);

    a.set([]);
    await w.step();
    expect(checkRun(w, second)?.title).toBe("Ready to merge");
    expect((await mergeAs(w, "alice", second)).status).toBe(200);
    expect(a.reads()).toBeGreaterThan(0);
  });
});
