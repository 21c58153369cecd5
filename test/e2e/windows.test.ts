// End to end in the sandbox: a rollout that needs several patch windows. The windows are ten minutes at the top
// of each hour (Berlin time), too short for the whole replace rollout, so it stops when one closes and goes on
// in the next: every merge inside a window, each phase opened once, the dashboard telling when the next opens.
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_CONFIG, DEMO_REQUEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { compileWindows } from "../../src/schedule/compile.js";
import { isOpen } from "../../src/schedule/windows.js";
import { dashboard, pulls } from "./app-helpers.js";
import { phaseCommits } from "./world-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const WINDOWS = `timezone: Europe/Berlin
windows:
  - cron: "0 * * * *"
    duration: 4m
`;

describe("a rollout across patch windows", { timeout: 300_000 }, () => {
  it("merges only inside windows and resumes at the same phase in the next one", async () => {
    const base = demoWorld();
    world = await startLocalWorld({
      ...base,
      files: { ...base.files, ".github/node-patch-bot.yml": `${DEMO_CONFIG}${WINDOWS}` },
    });
    const w = world;
    const windows = compileWindows([{ cron: "0 * * * *", duration: "4m" }], "Europe/Berlin");
    const issue = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch workers",
      body: DEMO_REQUEST,
    });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");

    // Inside a window the world moves a minute a step, as the bot's timer ticks; outside one it jumps to a
    // minute before the next opening (the dashboard is read there), then to the opening. The timer ticks
    // while windows are closed too, and a phase merged in a window's last minutes converges then (its drain
    // goes on): the first minutes after a window closes are stepped through a minute at a time.
    const closedDashboards: string[] = [];
    const openings = new Set<number>();
    let closedSince: number | undefined;
    for (let i = 0; i < 100 && w.github.seed.repo(w.fullName).issues.get(issue)?.state !== "closed"; i++) {
      const now = w.sim.clock.now();
      const state = isOpen(windows, [], new Date(now));
      if (state.open) {
        closedSince = undefined;
        await w.advance(60_000);
        continue;
      }
      closedSince ??= now;
      if (now - closedSince < 5 * 60_000) {
        await w.advance(60_000);
        continue;
      }
      const opening = state.until?.getTime() ?? now + 60_000;
      openings.add(opening);
      if (opening - now > 60_000) {
        await w.advance(opening - now - 60_000);
        closedDashboards.push(dashboard(w, issue));
      }
      await w.advance(opening - w.sim.clock.now());
    }
    expect(w.github.seed.repo(w.fullName).issues.get(issue)?.state).toBe("closed");

    // Every phase merged, each inside a window (the stand-in's merge times), over at least three windows.
    const merged = [...w.github.seed.repo(w.fullName).issues.values()].flatMap((i) =>
      i.pull?.mergedAt ? [{ title: i.title, at: new Date(i.pull.mergedAt) }] : [],
    );
    expect(merged).toHaveLength(6);
    for (const m of merged)
      expect(isOpen(windows, [], m.at).open, `${m.title} at ${m.at.toISOString()}`).toBe(true);
    const hours = new Set(merged.map((m) => m.at.toISOString().slice(0, 13)));
    expect(hours.size).toBeGreaterThanOrEqual(3);
    expect(openings.size).toBeGreaterThanOrEqual(3);

    // Resumed, not restarted: one pull request per phase, each merged, and the phases in order on main.
    const phasePulls = pulls(w);
    expect(phasePulls).toHaveLength(6);
    expect(new Set(phasePulls.map((p) => p.branch)).size).toBe(6);
    expect(phasePulls.every((p) => p.merged)).toBe(true);
    expect(phaseCommits(w).map((c) => c.subject)).toEqual([
      "Add worker-3",
      "Taint and drain worker-1",
      "Remove worker-1",
      "Add worker-4",
      "Taint and drain worker-2",
      "Remove worker-2",
    ]);

    // While a window was closed mid-rollout, the dashboard said when the next opens, in Berlin time and UTC.
    const waiting = closedDashboards.filter((d) => d.includes("waiting for a window"));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const d of waiting)
      expect(d).toMatch(/next window opens \w{3} \d+ \w{3} \d\d:00 Europe\/Berlin \(\d\d:00 UTC\)/);
  });
});
