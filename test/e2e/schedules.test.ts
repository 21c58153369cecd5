// End to end in the sandbox: a scheduled rollout ("every first Monday at 10:15 Berlin time, replace the
// workers from the pool") opens its patch request issue by itself, once, although two replicas tick at the
// same moment and the tick at the occurrence itself is missed; the normal flow then plans it and, once
// approved, opens the first phase.
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_CONFIG } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { BOT, botComments, dashboard, pulls } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

// The simulated clock starts on Monday 2026-01-05 at 09:10 UTC (10:10 in Berlin): the first Monday of January.
const SCHEDULES = `schedules:
  - id: first-monday
    cron: "15 10 * * MON#1"
    timezone: Europe/Berlin
    title: Replace the workers from the pool
    request:
      strategy: replace
      machines:
        role: worker
      maxSurge: 1
      target:
        kernelVersion: 3.10.0-1160.119.1.el7.x86_64
`;

const at = (iso: string) => Date.parse(iso);

describe("a scheduled rollout", { timeout: 300_000 }, () => {
  it("opens its issue once across replicas and ticks, and follows the normal flow", async () => {
    const base = demoWorld();
    world = await startLocalWorld({
      ...base,
      files: { ...base.files, ".github/node-patch-bot.yml": `${DEMO_CONFIG}${SCHEDULES}` },
      replicas: 2,
    });
    const w = world;
    const scheduled = () =>
      [...w.github.seed.repo(w.fullName).issues.values()].filter(
        (i) => i.pull === null && (i.body ?? "").includes("<!-- node-patch-bot:schedule "),
      );

    // 09:14 UTC: not due yet. The ticks of 09:15 to 09:18 are missed (the app was restarting); 09:19 fires it.
    await w.advance(at("2026-01-05T09:14:00Z") - w.sim.clock.now());
    expect(scheduled()).toEqual([]);
    await w.advance(5 * 60_000);
    // Both replicas tick again at 09:20 and 09:21: the occurrence is still in their lookback.
    await w.advance(60_000);
    await w.advance(60_000);

    const opened = scheduled();
    expect(opened.map((i) => [i.title, i.user, i.state])).toEqual([
      ["node-patch: Replace the workers from the pool (scheduled 2026-01-05T09:15:00Z)", BOT, "open"],
    ]);
    const issue = opened[0]?.number ?? 0;
    expect(opened[0]?.body).toContain(
      "<!-- node-patch-bot:schedule id=first-monday at=2026-01-05T09:15:00Z -->",
    );
    expect(
      await w.github.seed.resolve(w.fullName, "refs/node-patch-bot/schedules/first-monday/20260105T091500Z"),
    ).toMatch(/^[0-9a-f]{40}$/);

    // Planned like a person's request: one dashboard, waiting for the configured approval, tracking label on.
    expect(botComments(w, issue)).toHaveLength(1);
    expect(dashboard(w, issue)).toContain("comment `/patch approve` to start");
    expect(opened[0]?.labels).toContain("node-patch-rollout");

    // Approved, it opens phase 1 as any rollout does.
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");
    await w.advance(60_000);
    expect(pulls(w).map((p) => p.title)).toEqual(["[node-patch 1/6] add worker-3"]);

    // Well past the lookback, nothing opens again.
    await w.advance(15 * 60_000);
    expect(scheduled()).toHaveLength(1);
  });
});
