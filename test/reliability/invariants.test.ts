// The invariant monitor must see a broken rule, or its silence in the scenarios proves nothing: a person removes
// an untainted worker outside the request and rewrites the default branch, and the monitor names both.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH, worldOptions } from "../../reliability/drive.js";
import { watchInvariants } from "../../reliability/invariants.js";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("the invariant monitor", { timeout: 120_000 }, () => {
  it("reports a machine removed in service, outside the request, and a rewound default branch", async () => {
    const w = await startLocalWorld(worldOptions());
    world = w;
    const monitor = await watchInvariants(w, {
      manifestPath: MANIFEST_PATH,
      selected: ["worker-1"],
      maxUnavailableWorkers: 1,
    });
    await w.step();
    expect(await monitor.check()).toEqual([]);

    // worker-2's Machine and ExistingInfraMachine go, untainted and with pods on it.
    const docs = DEMO_MANIFEST.split("---\n");
    const without = docs.filter((d) => !/name: worker-2\n/.test(d)).join("---\n");
    const before = await w.github.seed.resolve(w.fullName, w.defaultBranch);
    await w.github.seed.commit(w.fullName, w.defaultBranch, { [MANIFEST_PATH]: without }, "Remove worker-2");
    await w.step();
    expect(await monitor.check()).toEqual([
      "node worker-2 removed without being tainted and drained first",
      "machine worker-2 removed from the manifest while its node was in service",
      "machine worker-2 outside the request was edited",
      "node worker-2 outside the request was cordoned, tainted or removed",
    ]);

    const dir = w.github.seed.repo(w.fullName).dir;
    execFileSync("git", ["--git-dir", dir, "update-ref", `refs/heads/${w.defaultBranch}`, before ?? ""]);
    await w.step();
    await monitor.check();
    expect(monitor.lost()).toEqual([
      expect.stringMatching(/^main rewound: [0-9a-f]{40} is no longer on it$/),
    ]);
  });
});
