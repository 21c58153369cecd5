// Blackouts end to end: business-hours windows with two freezes inside them. During a freeze the bot opens no
// phase pull request and its check lets nobody merge, and the dashboard and the check say which freeze and
// when merging can go on (the repository's time zone and UTC). Near a freeze the check turns back early, so
// a person cannot merge in the minute before the bot's timer would have caught up.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { IN_PLACE, mergeAs, pulls, stepUntil } from "./app-helpers.js";
import { checkRun, standing } from "./gate-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const CHECK = "node-patch-bot/example";
// 09:00-18:00 Berlin (08:00-17:00 UTC in January), with freezes 10:00-11:00 and 12:00-13:00 Berlin.
const CONFIG = `merge:
  mode: manual
timezone: Europe/Berlin
windows:
  - { cron: "0 9-17 * * MON-FRI", duration: 1h }
blackouts:
  - { from: "2026-01-05T10:00", to: "2026-01-05T11:00", reason: change advisory board }
  - { from: "2026-01-05T12:00", to: "2026-01-05T13:00", reason: release freeze }
`;

describe("blackouts in the app", { timeout: 300_000 }, () => {
  it("opens and merges nothing during a freeze, says why and until when, and goes on after it", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": CONFIG },
      users: { alice: "admin" },
      setupCluster: (sim) => {
        for (const node of ["worker-1", "worker-2"]) sim.patchWhenDisrupted(node, PATCHED_IMAGE);
      },
    });
    world = w;
    const to = (iso: string) => w.advance(Date.parse(iso) - w.sim.clock.now());
    w.github.seed.protectBranch(w.fullName, "main", { contexts: [CHECK] });
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    await w.step();

    // 10:10 Berlin, inside the first freeze: approved, and nothing opens.
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await to("2026-01-05T09:30:00Z");
    expect(pulls(w)).toEqual([]);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🕒 waiting for a window · 0/4 phases merged · strategy \`in-place\`
      > Next: phase 1/4 (taint worker-1). Pull requests wait for a window: window closed (blackout 2026-01-05T10:00 to 2026-01-05T11:00 (Europe/Berlin): change advisory board); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC).
      **Waiting for:**
      - Pull requests wait for a window: window closed (blackout 2026-01-05T10:00 to 2026-01-05T11:00 (Europe/Berlin): change advisory board); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)
      **Window:** window closed (blackout 2026-01-05T10:00 to 2026-01-05T11:00 (Europe/Berlin): change advisory board); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)"
    `);

    // 11:00 Berlin, the freeze ends: phase 1 opens, alice merges it, worker-1 converges, phase 2 opens.
    await to("2026-01-05T09:59:00Z");
    expect(pulls(w)).toEqual([]);
    await to("2026-01-05T10:00:00Z");
    expect(pulls(w)).toHaveLength(1);
    await w.step();
    expect(checkRun(w, pulls(w)[0]?.number ?? 0)).toMatchInlineSnapshot(`
      {
        "conclusion": "success",
        "status": "completed",
        "summary": "Approved by @alice. Merge window: window open until Mon 5 Jan 12:00 Europe/Berlin (11:00 UTC) (inside window 0 9-17 * * MON-FRI for 1h (Europe/Berlin)). This check turns back 2 minutes before the window closes.",
        "title": "Ready to merge",
      }
    `);
    expect((await mergeAs(w, "alice", pulls(w)[0]?.number ?? 0)).status).toBe(200);
    await stepUntil(w, () => pulls(w).length === 2, "phase 2 opened", 60_000, 20);
    const second = pulls(w)[1]?.number ?? 0;

    // Three minutes before the second freeze the check is green; two minutes before, it already says the
    // window is closing, and GitHub refuses the merge.
    await to("2026-01-05T10:57:00Z");
    expect(checkRun(w, second)?.title).toBe("Ready to merge");
    await to("2026-01-05T10:58:00Z");
    expect(checkRun(w, second)).toMatchInlineSnapshot(`
      {
        "conclusion": null,
        "status": "in_progress",
        "summary": "Merging waits for a window: the merge window closes Mon 5 Jan 12:00 Europe/Berlin (11:00 UTC), too soon to merge (this check turns back 2 minutes before a window closes); next window opens Mon 5 Jan 13:00 Europe/Berlin (12:00 UTC)",
        "title": "Waiting for a merge window",
      }
    `);
    expect((await mergeAs(w, "alice", second)).status).toBe(405);

    // In the freeze: the check and the dashboard name it and say when merging can go on.
    await to("2026-01-05T11:00:00Z");
    expect(checkRun(w, second)).toMatchInlineSnapshot(`
      {
        "conclusion": null,
        "status": "in_progress",
        "summary": "Merging waits for a window: window closed (blackout 2026-01-05T12:00 to 2026-01-05T13:00 (Europe/Berlin): release freeze); next window opens Mon 5 Jan 13:00 Europe/Berlin (12:00 UTC)",
        "title": "Waiting for a merge window",
      }
    `);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🕒 waiting for a window · 1/4 phases merged · strategy \`in-place\`
      > phase 2/4 (untaint worker-1): Merging waits for a window: window closed (blackout 2026-01-05T12:00 to 2026-01-05T13:00 (Europe/Berlin): release freeze); next window opens Mon 5 Jan 13:00 Europe/Berlin (12:00 UTC).
      **Waiting for:**
      - Merging waits for a window: window closed (blackout 2026-01-05T12:00 to 2026-01-05T13:00 (Europe/Berlin): release freeze); next window opens Mon 5 Jan 13:00 Europe/Berlin (12:00 UTC)
      **Window:** window closed (blackout 2026-01-05T12:00 to 2026-01-05T13:00 (Europe/Berlin): release freeze); next window opens Mon 5 Jan 13:00 Europe/Berlin (12:00 UTC)"
    `);
    await to("2026-01-05T11:59:00Z");
    expect((await mergeAs(w, "alice", second)).status).toBe(405);

    // 13:00 Berlin: the freeze is over and the merge goes through.
    await to("2026-01-05T12:00:00Z");
    expect(checkRun(w, second)?.title).toBe("Ready to merge");
    expect((await mergeAs(w, "alice", second)).status).toBe(200);
  });
});
