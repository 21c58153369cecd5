// The REST calls the app makes over the demo's replace rollout, counted by the GitHub stand-in the way
// GitHub's rate limit counts them (a conditional GET answered 304 Not Modified is free): a tick that finds
// nothing new writes nothing and reads nothing that counts (but the comments its last dashboard write
// changed), the dashboard is written once per phase (plus
// the approval and the end), each phase's check run once, and the whole rollout stays within a bound per
// phase (it was 22 before the dashboard stopped following the gate's progress, 14 before the default branch and
// the manifest were read through git and the bot's own merges stopped waking a second reconcile).
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_REQUEST } from "../../src/sandbox/demo-files.js";
import { NOT_MODIFIED } from "../../src/sandbox/github/dispatch.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { scansForMissed } from "../../src/service/missed-requests.js";
import { pulls } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

type Counts = Record<string, number>;

/** REST requests GitHub counts against the rate limit: no git traffic, no 304s. */
function counted(counts: Counts): Counts {
  return Object.fromEntries(
    Object.entries(counts).filter(([k, n]) => n > 0 && !k.startsWith("GIT ") && !k.endsWith(NOT_MODIFIED)),
  );
}

function since(before: Counts, after: Counts): Counts {
  return Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - (before[k] ?? 0)]));
}

const DASHBOARD_WRITE = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";
const COMMENTS_LISTING = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const isWrite = (key: string) => /^(POST|PATCH|PUT|DELETE) /.test(key);
// The timer's listing of installations is asked again every ten minutes, changed or not, and its listing of
// every open issue (for requests whose webhook was lost) every few minutes; that one changes with each pull
// request.
const isPeriodicListing = (key: string) =>
  key === "GET /installation/repositories" || key === "GET /repos/{owner}/{repo}/issues";
const sum = (counts: Counts) => Object.values(counts).reduce((s, n) => s + n, 0);

describe("REST calls over a rollout", { timeout: 300_000 }, () => {
  it("quiet ticks cost nothing but the reread of a dashboard just written, which changes once a phase, and a phase costs a bounded handful", async () => {
    const w = await startLocalWorld(demoWorld());
    world = w;
    w.github.resetCounters();
    const issue = await w.github.seed.openIssue(w.fullName, "alice", { title: "Patch", body: DEMO_REQUEST });
    await w.step();
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");
    const steps: { counts: Counts; at: number }[] = [];
    let last = w.github.counters();
    for (let i = 0; i < 60 && w.github.seed.repo(w.fullName).issues.get(issue)?.state !== "closed"; i++) {
      await w.advance(60_000);
      const now = w.github.counters();
      steps.push({ counts: counted(since(last, now)), at: w.sim.clock.now() });
      last = now;
    }
    expect(w.github.seed.repo(w.fullName).issues.get(issue)?.state).toBe("closed");
    const phases = pulls(w).length;
    expect(phases).toBe(6);

    // Minutes in which the bot wrote nothing (gates waiting while nodes join and pods are evicted) read
    // nothing that counts either: every listing was answered 304, but for the tracking issue's comments in the
    // minute after the bot rewrote its dashboard there (that write changed them).
    const quiet = steps
      .map((s, i) => ({ ...s, afterDashboard: DASHBOARD_WRITE in (steps[i - 1]?.counts ?? {}) }))
      .filter((s) => !Object.keys(s.counts).some(isWrite));
    expect(quiet.length).toBeGreaterThanOrEqual(4);
    expect(quiet.filter((s) => !s.afterDashboard).length).toBeGreaterThanOrEqual(2);
    for (const s of quiet) {
      const allowed = (k: string) => isPeriodicListing(k) || (s.afterDashboard && k === COMMENTS_LISTING);
      expect(Object.keys(s.counts).filter((k) => !allowed(k))).toEqual([]);
      expect(s.counts[COMMENTS_LISTING] ?? 0).toBeLessThanOrEqual(1);
      if (!scansForMissed(s.at)) expect(s.counts["GET /repos/{owner}/{repo}/issues"]).toBeUndefined();
    }

    const total = counted(w.github.counters());
    // The dashboard: once when planned, then once per phase, once for the approval, once at the end.
    expect(total["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]).toBe(1);
    expect(total[DASHBOARD_WRITE]).toBeLessThanOrEqual(phases + 2);
    // One check run per phase, written once ("Ready to merge"), never updated.
    expect(total["POST /repos/{owner}/{repo}/check-runs"]).toBe(phases);
    expect(total["PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"]).toBeUndefined();
    // The default branch and the manifest are read through git (as the phase commits are built), so the
    // calls that count are the listings the bot's own writes changed, and the writes.
    expect(total["GET /repos/{owner}/{repo}/git/ref/{ref}"]).toBeUndefined();
    expect(total["GET /repos/{owner}/{repo}/contents/{path}"] ?? 0).toBeLessThanOrEqual(1);
    expect(sum(total) / phases).toBeLessThanOrEqual(12);
  });
});
