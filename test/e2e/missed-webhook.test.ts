// A request whose webhook was lost (the app failed on it; GitHub never retries a failed delivery) is found by
// the minute timer once nobody answered it for a few minutes, and planned once; a request someone already
// answered is not touched again.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { UNANSWERED_AFTER_MS } from "../../src/service/repository.js";
import { botComments, dashboard, issue } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const REQUEST = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [worker-1]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

describe("a request whose webhook failed", { timeout: 120_000 }, () => {
  it("is planned by the timer once it went unanswered for a few minutes, and only once", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
    });
    world = w;
    // The app's first read for the issue (its comments) fails, so the issues.opened delivery fails.
    w.github.injectFault({ kind: "server-error", status: 502, path: /\/issues\/1\/comments$/, times: 1 });
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: REQUEST });
    await w.step();
    // Probot answers the delivery with the error's status.
    expect(w.github.webhooks.deliveries().map((d) => [d.event, d.attempts.at(-1)?.status])).toEqual([
      ["issues", 502],
    ]);
    expect(dashboard(w, n)).toBe("");

    // Within the margin a tick leaves it alone: a slow webhook may still be at work on it.
    await w.advance(60_000);
    expect(dashboard(w, n)).toBe("");

    // Past it, the timer plans the request as the webhook would have.
    await w.advance(UNANSWERED_AFTER_MS);
    expect(dashboard(w, n)).toContain("awaiting approval");
    expect(issue(w, n).labels).toEqual(["node-patch-rollout"]);

    // Later ticks find it answered: one dashboard, nothing else.
    await w.advance(UNANSWERED_AFTER_MS);
    await w.advance(60_000);
    expect(botComments(w, n)).toHaveLength(1);
  });
});
