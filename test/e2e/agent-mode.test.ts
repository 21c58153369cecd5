// Agent mode end to end: the App holds no cluster credentials; the in-cluster agent applies the taints
// recorded on the Machines, drains, and reports each gate as a commit status the App reads.
import { afterEach, describe, expect, it } from "vitest";
import { agentContext } from "../../src/agent/index.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { changeKinds, phaseCommits, runUntilClosed } from "./world-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("agent mode", { timeout: 300_000 }, () => {
  it("an in-place rollout converges on the agent's verdicts", async () => {
    world = await startLocalWorld({
      mode: "agent",
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        ".github/node-patch-bot.yml": "merge:\n  mode: auto\nreadiness:\n  agentLogins: [agent]\n",
      },
    });
    for (const node of ["worker-1", "worker-2"]) world.sim.patchWhenDisrupted(node, PATCHED_IMAGE);
    const request = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Kernel update",
      body: request,
    });
    await world.step();
    world.github.seed.comment(world.fullName, "alice", issue, "/patch approve");
    await runUntilClosed(world, issue);

    expect(phaseCommits(world).map((c) => changeKinds(c.diff))).toEqual([
      ["taint"],
      ["untaint"],
      ["taint"],
      ["untaint"],
    ]);
    const workers = world.sim.nodes().filter((n) => n.metadata?.name?.startsWith("worker"));
    expect(
      workers.map((n) => [
        n.metadata?.name,
        n.status?.nodeInfo?.kernelVersion,
        n.spec?.unschedulable ?? false,
      ]),
    ).toEqual([
      ["worker-1", PATCHED_IMAGE.kernelVersion, false],
      ["worker-2", PATCHED_IMAGE.kernelVersion, false],
    ]);
    // Every verdict the App acted on came from the agent, as statuses on the default branch.
    const statuses = world.github.seed
      .repo(world.fullName)
      .statuses.filter((s) => s.context === agentContext("example"));
    expect(statuses.some((s) => s.state === "success")).toBe(true);
    expect(new Set(statuses.map((s) => s.creator))).toEqual(new Set(["agent"]));
  });
});
