// The app's own timer (croner) for real: started with a one-second pattern against the sandbox, it reconciles
// a rollout that no webhook reaches (the stand-in holds every delivery), and its stop function stops it.
// Real time, briefly: the only waits are for an observable effect, with a generous bound.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startTicker, tickOnce } from "../../src/app/tick.js";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { IN_PLACE, pulls, waitFor } from "../e2e/app-helpers.js";

let world: LocalWorld | undefined;
let stop: (() => void) | undefined;
afterEach(async () => {
  stop?.();
  await world?.stop();
  world = undefined;
  stop = undefined;
});

describe("the app's timer", { timeout: 120_000 }, () => {
  it("reconciles without any webhook on a fast pattern, and stops when told", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        ".github/node-patch-bot.yml": "merge:\n  mode: auto\napprovals:\n  required: 0\n",
      },
    });
    world = w;
    await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    // The issue's webhook only (no tick): the plan needs no approval, so phase 1 opens in that event.
    await w.github.webhooks.flush();
    await waitFor(() => pulls(w).length > 0, "the issue's webhook opened phase 1");
    expect(pulls(w).map((p) => [p.title, p.merged])).toEqual([["[node-patch 1/4] taint worker-1", false]]);
    const delivered = () => w.github.webhooks.deliveries().filter((d) => d.attempts.length > 0).length;
    const before = delivered();
    expect(w.github.webhooks.pending().length).toBeGreaterThan(0);

    // Every second, croner runs a tick: the first one writes the check and merges phase 1 (auto mode).
    let ticks = 0;
    stop = startTicker(w.probot, w.services, "* * * * * *", (probot, services) => {
      ticks++;
      return tickOnce(probot, services);
    });
    await waitFor(() => pulls(w)[0]?.merged === true, "the timer merged phase 1");
    expect(ticks).toBeGreaterThan(0);
    expect(delivered()).toBe(before);

    // Stopped, it starts no tick any more: not in the next two seconds it would have ticked twice in.
    stop();
    const stoppedAt = ticks;
    await sleep(2_500);
    expect(ticks).toBe(stoppedAt);
  });
});
