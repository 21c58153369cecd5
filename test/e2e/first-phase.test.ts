// The path from a patch request to its first phase pull request when no approval is needed, counted in
// round trips rather than timed: the phase branch is pushed once without being looked up first, the clone
// cache fetches the base once (the manifest is read from it), and the next request on the same commit fetches
// nothing.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { pulls } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const request = (kernel: string) =>
  `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${kernel}\n\`\`\`\n`;

describe("an issue webhook to the first phase pull request", { timeout: 300_000 }, () => {
  it("opens the phase in the same event with one push, and fetches the base into the cache once", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        ".github/node-patch-bot.yml": "approvals:\n  required: 0\n",
      },
    });
    world = w;
    const git = () => {
      const c = w.github.counters();
      return {
        upload: c["GIT /{owner}/{repo}.git/git-upload-pack"] ?? 0,
        receive: c["GIT /{owner}/{repo}.git/git-receive-pack"] ?? 0,
      };
    };
    for (const [i, fetches] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const n = await w.github.seed.openIssue(w.fullName, "alice", {
        title: `Kernel ${i}`,
        body: request(`${PATCHED_IMAGE.kernelVersion}-${i}`),
      });
      w.github.resetCounters();
      await w.github.webhooks.flush();
      // The first phase is open when the webhook is answered.
      expect(
        pulls(w)
          .filter((p) => p.state === "open")
          .map((p) => p.title),
      ).toEqual(["[node-patch 1/4] taint worker-1"]);
      // The default branch's head is read through git twice (ls-remote, an upload-pack round trip each: for the
      // plan, then for the reconcile), the phase branch never before the push, and the base is fetched (with
      // the manifest) only into an empty cache.
      expect(git()).toEqual({ upload: 2 + fetches, receive: 1 });
      w.github.seed.comment(w.fullName, "alice", n, "/patch cancel");
      await w.step();
    }
  });
});
