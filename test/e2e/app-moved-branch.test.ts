// The default branch moves under an open phase: an unrelated change rebuilds the phase on the new head (still
// one commit, same pull request); a person's edit of a machine the rollout works on holds it instead.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";
import { readCommit } from "../../src/sandbox/github/git-store.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { dashboard, IN_PLACE, pulls } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const MANIFEST = "setup/machines.yaml";

describe("a default branch that moves under an open phase", { timeout: 300_000 }, () => {
  it("rebuilds the phase on an unrelated change, and holds on a person's edit of its machines", async () => {
    const w = await startLocalWorld({
      manifestPath: MANIFEST,
      files: { [MANIFEST]: DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: manual\n" },
      users: { alice: "admin" },
    });
    world = w;
    const repo = w.github.seed.repo(w.fullName);
    const head = async (n: number) => repo.issues.get(n)?.pull?.headSha ?? "";
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: IN_PLACE });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await w.step();
    const [phase] = pulls(w);
    expect(phase?.title).toBe("[node-patch 1/4] taint worker-1");
    const first = await head(phase?.number ?? 0);

    // Someone changes another file on main: the phase is rebuilt on the new head, in the same pull request.
    const moved = await w.github.seed.commit(w.fullName, "main", { "README.md": "cluster docs\n" }, "docs");
    await w.step();
    const rebuilt = await head(phase?.number ?? 0);
    expect(rebuilt).not.toBe(first);
    expect((await readCommit(repo.dir, rebuilt)).parents).toEqual([moved]);
    expect(pulls(w)).toHaveLength(1);
    expect(dashboard(w, n)).not.toContain("Held by");

    // Someone edits worker-1, which the rollout works on: the bot holds rather than build on it.
    const edited = DEMO_MANIFEST.replace("port: 2223", "port: 2299");
    expect(edited).not.toBe(DEMO_MANIFEST);
    await w.github.seed.commit(w.fullName, "main", { [MANIFEST]: edited }, "move worker-1's ssh port");
    await w.step();
    expect(await head(phase?.number ?? 0)).toBe(rebuilt);
    expect(dashboard(w, n)).toContain(
      "> Held by @node-patch-bot: worker-1 changed on the default branch since phase 1 was built; the rollout does not build on someone else's edit of its machines.",
    );
  });
});
