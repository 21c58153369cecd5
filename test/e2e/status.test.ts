// `/patch status` answers with what a gate is waiting for right now (which pods a drain still waits for),
// the live detail the dashboard leaves out so that it changes only when the gate passes, fails or is held.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { botComments, dashboard, replyText, stepUntil } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const IN_PLACE = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [worker-1]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

describe("/patch status", { timeout: 300_000 }, () => {
  it("lists the pods a drain still waits for, which the dashboard does not", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
      // A budget that allows no disruption: worker-1's pod can never be evicted.
      setupCluster: (sim) => {
        sim.addDeployment({ namespace: "shop", name: "web", replicas: 2, labels: { app: "web" } });
        sim.addPdb({
          namespace: "shop",
          name: "web",
          minAvailable: 2,
          selector: { matchLabels: { app: "web" } },
        });
      },
    });
    world = w;
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: IN_PLACE });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await stepUntil(
      w,
      () => dashboard(w, n).includes("waiting for the cluster"),
      "phase 1 merged",
      60_000,
      10,
    );
    const board = dashboard(w, n);
    expect(board).not.toContain("shop/web");

    w.github.seed.comment(w.fullName, "alice", n, "/patch status");
    await w.step();
    const answer = replyText(botComments(w, n).at(-1)?.body);
    expect(answer).toMatch(
      /^Rollout `[a-z0-9]+`: phase 1\/2 \(taint worker-1\) merged; waiting since .* for its gate: /,
    );
    expect(answer).toContain("\n\nUnmet right now:\n- ");
    expect(answer).toMatch(
      /\n- shop\/web-\S+ still on worker-1 \(172\.17\.0\.3\): blocked by PodDisruptionBudget shop\/web /,
    );
    expect(answer.endsWith("The dashboard above shows every phase.")).toBe(true);
    // Asking changed nothing on the dashboard.
    expect(dashboard(w, n)).toBe(board);
  });
});
