// End to end in the sandbox: the real app, the GitHub stand-in (REST, git over HTTP, signed webhooks) and
// the simulated WKS cluster behind a Kubernetes API, on one simulated clock.
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/app/metrics.js";
import { parseManifest } from "../../src/manifest/index.js";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_MANIFEST, DEMO_REQUEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { contractMismatches } from "./contract-helpers.js";
import { changeKinds, phaseCommits, runUntilClosed } from "./world-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const workersOf = (text: string | null) => {
  const r = parseManifest(text ?? "", { file: "machines.yaml" });
  if (!r.ok) throw new Error("invalid manifest on main");
  return r.manifest.machines.map((m) => `${m.name}:${m.role}:${m.taints.length}`);
};

describe("end to end", { timeout: 300_000 }, () => {
  it("a replace rollout from the pool runs to completion, one kind per commit", async () => {
    const metrics = createMetrics({ processMetrics: false });
    world = await startLocalWorld({ ...demoWorld(), metrics, record: true });
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Patch workers",
      body: DEMO_REQUEST,
    });
    await world.step();
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    await runUntilClosed(world, issue);

    const main = await world.github.seed.readFile(world.fullName, "main", "setup/machines.yaml");
    expect(workersOf(main)).toEqual([
      "master-1:control-plane:0",
      "master-2:control-plane:0",
      "worker-3:worker:0",
      "worker-4:worker:0",
    ]);
    expect(await world.github.seed.readFile(world.fullName, "main", "setup/pool.yaml")).toMatch(
      /^# Provisioned spare machines[^\n]*\n# setup\/machines.yaml as it replaces workers.\n$/,
    );
    const commits = phaseCommits(world);
    expect(commits.map((c) => c.subject)).toEqual([
      "Add worker-3",
      "Taint and drain worker-1",
      "Remove worker-1",
      "Add worker-4",
      "Taint and drain worker-2",
      "Remove worker-2",
    ]);
    expect(commits.map((c) => changeKinds(c.diff))).toEqual([
      ["add"],
      ["taint"],
      ["remove"],
      ["add"],
      ["taint"],
      ["remove"],
    ]);
    // Each add moves its spare from the pool into the manifest in the same commit; nothing else is touched.
    expect(commits.map((c) => c.files.join(" "))).toEqual([
      "setup/machines.yaml setup/pool.yaml",
      "setup/machines.yaml",
      "setup/machines.yaml",
      "setup/machines.yaml setup/pool.yaml",
      "setup/machines.yaml",
      "setup/machines.yaml",
    ]);
    expect(
      world.sim
        .nodes()
        .map((n) => `${n.metadata?.name} ${n.status?.nodeInfo?.kernelVersion}`)
        .sort(),
    ).toEqual([
      "master-1 3.10.0-1127.el7.x86_64",
      "master-2 3.10.0-1127.el7.x86_64",
      `worker-3 ${PATCHED_IMAGE.kernelVersion}`,
      `worker-4 ${PATCHED_IMAGE.kernelVersion}`,
    ]);
    // The budget held throughout: the web deployment never had fewer than 2 ready pods is checked by the
    // simulated cluster's eviction API (429 otherwise); at the end all three run again.
    expect(world.sim.pods({ namespace: "shop" }).filter((p) => p.status?.phase === "Running")).toHaveLength(
      3,
    );
    // Every gate's wait went into the app's metrics; no rollout is open any more.
    const waits = (await metrics.gateWaitSeconds.get()).values.find(
      (v) => v.metricName === "node_patch_bot_gate_wait_seconds_count",
    );
    expect(waits).toMatchObject({ labels: { outcome: "pass" }, value: 6 });
    expect((await metrics.rollouts.get()).values).toEqual([]);
    // Everything the stand-in answered and emitted during the rollout is what GitHub documents.
    expect(contractMismatches(world)).toEqual({ rest: [], webhooks: [] });
  });

  it("an in-place rollout taints, waits for the patched kernel, then untaints", async () => {
    world = await startLocalWorld({
      record: true,
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
      setupCluster: (sim) => {
        sim.addDeployment({ namespace: "shop", name: "web", replicas: 2, labels: { app: "web" } });
      },
    });
    // Unattended upgrades + kured stand-in: a node patches and reboots once it is drained.
    for (const node of ["worker-1", "worker-2"]) world.sim.patchWhenDisrupted(node, PATCHED_IMAGE);
    const request = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Kernel update",
      body: request,
    });
    await world.step();
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    await runUntilClosed(world, issue);

    const commits = phaseCommits(world);
    expect(commits.map((c) => c.subject)).toEqual([
      "Taint and drain worker-1",
      "Untaint worker-1",
      "Taint and drain worker-2",
      "Untaint worker-2",
    ]);
    expect(commits.map((c) => changeKinds(c.diff))).toEqual([["taint"], ["untaint"], ["taint"], ["untaint"]]);
    expect(await world.github.seed.readFile(world.fullName, "main", "setup/machines.yaml")).toBe(
      DEMO_MANIFEST,
    );
    const workers = world.sim.nodes().filter((n) => n.metadata?.name?.startsWith("worker"));
    expect(
      workers.map((n) => [
        n.metadata?.name,
        n.status?.nodeInfo?.kernelVersion,
        n.spec?.unschedulable ?? false,
        (n.spec?.taints ?? []).length,
      ]),
    ).toEqual([
      ["worker-1", PATCHED_IMAGE.kernelVersion, false, 0],
      ["worker-2", PATCHED_IMAGE.kernelVersion, false, 0],
    ]);
    expect(contractMismatches(world)).toEqual({ rest: [], webhooks: [] });
  });
});
