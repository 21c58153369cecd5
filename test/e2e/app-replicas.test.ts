// The app is stateless: two replicas receiving every webhook at once, and every webhook delivered again at the
// end, must not duplicate a pull request, a comment, a commit or a merge. Two requests on one manifest run one
// after the other: the second is queued, told so, and starts when the first completes.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { botComments, dashboard, issue, pulls, stepUntil } from "./app-helpers.js";
import { phaseCommits, runUntilClosed } from "./world-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const request = (name: string) =>
  `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [${name}]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

/** Everything the bot wrote that a duplicate would show: pull requests per branch, bot comments per issue, merges. */
function writes(w: LocalWorld, issues: number[]) {
  const perBranch: Record<string, number> = {};
  for (const p of pulls(w)) perBranch[p.branch] = (perBranch[p.branch] ?? 0) + 1;
  const dir = w.github.seed.repo(w.fullName).dir;
  const log = (args: string[]) =>
    execFileSync("git", ["--git-dir", dir, "log", ...args, "--format=%H", w.defaultBranch], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .filter(Boolean).length;
  return {
    pullsPerBranch: perBranch,
    botComments: issues.map((n) => botComments(w, n).length),
    dashboards: issues.map(
      (n) => botComments(w, n).filter((c) => c.body.startsWith("<!-- node-patch-bot")).length,
    ),
    merges: log(["--first-parent", "--merges"]),
    commits: log([]),
  };
}

describe("the app, twice over", { timeout: 300_000 }, () => {
  it("queues a second request on the same manifest, and two replicas plus redelivery duplicate nothing", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
      replicas: 2,
    });
    world = w;
    for (const node of ["worker-1", "worker-2"]) w.sim.patchWhenDisrupted(node, PATCHED_IMAGE);

    const a = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch worker-1",
      body: request("worker-1"),
    });
    await w.step();
    const b = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch worker-2",
      body: request("worker-2"),
    });
    await w.step();
    expect(issue(w, a).labels).toEqual(["node-patch-rollout"]);
    expect(issue(w, b).labels).toEqual(["node-patch-rollout", "node-patch-queued"]);
    expect(dashboard(w, b)).toContain(`> Queued behind #${a}: one rollout per manifest at a time.`);

    // Both approved; only the first moves while it holds the manifest.
    w.github.seed.comment(w.fullName, "alice", a, "/patch approve");
    w.github.seed.comment(w.fullName, "alice", b, "/patch approve");
    await w.step();
    await runUntilClosed(w, a, 60_000);
    // No pull request of the second was opened before the first closed (it may open in the same tick).
    const closedAt = Date.parse(issue(w, a).closedAt ?? "");
    const early = pulls(w).filter(
      (p) => !p.title.endsWith("worker-1") && Date.parse(issue(w, p.number).createdAt) < closedAt,
    );
    expect(early).toEqual([]);

    // The first completed: the second starts, says so, and runs to completion.
    await stepUntil(w, () => !issue(w, b).labels.includes("node-patch-queued"), "second request promoted");
    expect(dashboard(w, b)).not.toContain("Queued behind");
    await runUntilClosed(w, b, 60_000);
    expect(phaseCommits(w).map((c) => c.subject)).toEqual([
      "Taint and drain worker-1",
      "Untaint worker-1",
      "Taint and drain worker-2",
      "Untaint worker-2",
    ]);
    const done = writes(w, [a, b]);
    expect(done).toEqual({
      pullsPerBranch: Object.fromEntries(pulls(w).map((p) => [p.branch, 1])),
      botComments: [1, 1],
      dashboards: [1, 1],
      merges: 4,
      commits: done.commits,
    });
    expect(Object.keys(done.pullsPerBranch)).toHaveLength(4);

    // Every webhook delivered again (same GUIDs), to both replicas, then a few more ticks: nothing new.
    const ids = w.github.webhooks.deliveries().map((d) => d.id);
    for (const id of ids) await w.github.webhooks.redeliver(id);
    for (let i = 0; i < 3; i++) await w.advance(60_000);
    expect(writes(w, [a, b])).toEqual(done);
    expect([issue(w, a).state, issue(w, b).state]).toEqual(["closed", "closed"]);
  });
});
