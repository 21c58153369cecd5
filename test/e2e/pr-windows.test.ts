// PR windows apart from merge windows, end to end: the bot opens a phase pull request only inside a PR window
// (prWindows, like Renovate's schedule) and merges it only inside a merge window (mergeWindows, like its
// automergeSchedule); meanwhile the dashboard and the check run say when the window they wait for opens, in
// the repository's time zone and in UTC.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { compileSchedule } from "../../src/schedule/compile.js";
import { isOpen } from "../../src/schedule/windows.js";
import { IN_PLACE, pulls } from "./app-helpers.js";
import { checkRun, standing } from "./gate-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const WINDOWS = {
  timezone: "Europe/Berlin",
  prWindows: [{ cron: "0 * * * *", duration: "10m" }],
  mergeWindows: [{ cron: "30 * * * *", duration: "10m" }],
};
const CONFIG = `merge:
  mode: auto
timezone: Europe/Berlin
prWindows:
  - { cron: "0 * * * *", duration: 10m }
mergeWindows:
  - { cron: "30 * * * *", duration: 10m }
`;
const prSchedule = compileSchedule(WINDOWS, "pr");
const mergeSchedule = compileSchedule(WINDOWS, "merge");
const at = (iso: string) => Date.parse(iso);

describe("PR windows and merge windows", { timeout: 300_000 }, () => {
  it("opens phase pull requests only in PR windows and merges them only in merge windows", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": CONFIG },
      setupCluster: (sim) => {
        for (const node of ["worker-1", "worker-2"]) sim.patchWhenDisrupted(node, PATCHED_IMAGE);
      },
    });
    world = w;
    const to = (iso: string) => w.advance(at(iso) - w.sim.clock.now());
    const repo = w.github.seed.repo(w.fullName);
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    await w.step();
    // The plan's first dashboard already shows both windows, as every reconcile does: no tick rewrites it.
    expect(standing(w, n).split("\n").at(-1)).toMatch(/^\*\*Window:\*\* pull requests: .* · merging: /);
    expect(w.github.counters()["PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}"] ?? 0).toBe(0);
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");

    // 09:10 UTC (10:10 Berlin): approved, but the PR window (on the hour, 10 minutes) just closed.
    await to("2026-01-05T09:11:00Z");
    expect(pulls(w)).toEqual([]);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🕒 waiting for a window · 0/4 phases merged · strategy \`in-place\`
      > Next: phase 1/4 (taint worker-1). Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC).
      **Waiting for:**
      - Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC)
      **Window:** pull requests: window closed (outside every window); next window opens Mon 5 Jan 11:00 Europe/Berlin (10:00 UTC) · merging: window closed (outside every window); next window opens Mon 5 Jan 10:30 Europe/Berlin (09:30 UTC)"
    `);
    await to("2026-01-05T09:59:00Z");
    expect(pulls(w)).toEqual([]);

    // 11:00 Berlin: the PR window opens and phase 1 opens; it waits for the merge window at half past.
    await to("2026-01-05T10:00:00Z");
    expect(pulls(w)).toHaveLength(1);
    await to("2026-01-05T10:01:00Z");
    expect(checkRun(w, pulls(w)[0]?.number ?? 0)).toMatchInlineSnapshot(`
      {
        "conclusion": null,
        "status": "in_progress",
        "summary": "Merging waits for a window: window closed (outside every window); next window opens Mon 5 Jan 11:30 Europe/Berlin (10:30 UTC)",
        "title": "Waiting for a merge window",
      }
    `);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🕒 waiting for a window · 0/4 phases merged · strategy \`in-place\`
      > phase 1/4 (taint worker-1): Merging waits for a window: window closed (outside every window); next window opens Mon 5 Jan 11:30 Europe/Berlin (10:30 UTC).
      **Waiting for:**
      - Merging waits for a window: window closed (outside every window); next window opens Mon 5 Jan 11:30 Europe/Berlin (10:30 UTC)
      **Window:** pull requests: window open until Mon 5 Jan 11:10 Europe/Berlin (10:10 UTC) (inside window 0 * * * * for 10m (Europe/Berlin)) · merging: window closed (outside every window); next window opens Mon 5 Jan 11:30 Europe/Berlin (10:30 UTC)"
    `);
    await to("2026-01-05T10:29:00Z");
    expect(pulls(w)[0]?.merged).toBe(false);
    await to("2026-01-05T10:30:00Z");
    expect(pulls(w)[0]?.merged).toBe(true);

    // worker-1 converges within the merge window, but the PR window is closed: phase 2 waits for 12:00 Berlin.
    for (let t = 32; t <= 40; t += 2) await to(`2026-01-05T10:${t}:00Z`);
    expect(pulls(w)).toHaveLength(1);
    expect(standing(w, n)).toMatchInlineSnapshot(`
      "**Status:** 🕒 waiting for a window · 1/4 phases merged · strategy \`in-place\`
      > Next: phase 2/4 (untaint worker-1). Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 12:00 Europe/Berlin (11:00 UTC).
      **Waiting for:**
      - Pull requests wait for a window: window closed (outside every window); next window opens Mon 5 Jan 12:00 Europe/Berlin (11:00 UTC)
      **Window:** pull requests: window closed (outside every window); next window opens Mon 5 Jan 12:00 Europe/Berlin (11:00 UTC) · merging: window closed (outside every window); next window opens Mon 5 Jan 12:30 Europe/Berlin (11:30 UTC)"
    `);
    await to("2026-01-05T10:59:00Z");
    expect(pulls(w)).toHaveLength(1);
    await to("2026-01-05T11:00:00Z");
    expect(pulls(w)).toHaveLength(2);
    await to("2026-01-05T11:29:00Z");
    expect(pulls(w)[1]?.merged).toBe(false);
    await to("2026-01-05T11:30:00Z");
    expect(pulls(w)[1]?.merged).toBe(true);

    // Each opened inside a PR window and merged inside a merge window (the stand-in's own timestamps).
    const phases = [...repo.issues.values()].flatMap((i) =>
      i.pull === null ? [] : [{ opened: new Date(i.createdAt), merged: new Date(i.pull.mergedAt ?? 0) }],
    );
    expect(phases.map((p) => [p.opened.toISOString(), p.merged.toISOString()])).toEqual([
      ["2026-01-05T10:00:00.000Z", "2026-01-05T10:30:00.000Z"],
      ["2026-01-05T11:00:00.000Z", "2026-01-05T11:30:00.000Z"],
    ]);
    for (const p of phases) {
      expect(isOpen(prSchedule.windows, [], p.opened).open).toBe(true);
      expect(isOpen(mergeSchedule.windows, [], p.merged).open).toBe(true);
    }
  });
});
