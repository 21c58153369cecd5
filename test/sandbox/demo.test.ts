// `npm start` without GitHub App credentials, through the CLI (`node-patch-bot start`, in-process, as the
// binary calls it): the whole demo rollout runs on the simulated clock to completion, prints its timeline
// (plan, phase pull requests, gate checks, merges, nodes), leaves the clone it names with one merge of one
// commit per phase, and exits 0.
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { runCli } from "../cli/run-cli.js";

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trimEnd();

describe("npm start without credentials", { timeout: 600_000 }, () => {
  it("runs the demo rollout to completion, prints its timeline and leaves the history in a clone", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "npb-demo-"));
    const r = await runCli(["start"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 2).map((l) => l.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:<port>"))).toEqual([
      "No GitHub App credentials (APP_ID, PRIVATE_KEY): running the local sandbox.",
      "GitHub stand-in at http://127.0.0.1:<port>, repository acme/cluster; simulated cluster with 4 Ready nodes.",
    ]);

    // The timeline: every event stamped with simulated time, never going back.
    const stamped = lines.filter((l) => /^\[\+\d\d:\d\d\] /.test(l));
    const times = stamped.map((l) => l.slice(2, 7));
    expect(times).toEqual([...times].sort());
    // What happened, in order: requests, approvals, each phase's pull request, its gate check and its merge.
    const events = stamped.map((l) => l.slice(9)).filter((l) => !l.startsWith("dashboard: "));
    expect(events).toMatchInlineSnapshot(`
      [
        "alice opens a patch request issue: replace the workers from the pool (CVE fix in the base image)",
        "the bot posts the plan on issue #1: Waiting for approval: comment \`/patch approve\` to start.",
        "bob (read access) tries to approve",
        "the bot replies on #1: Sorry @bob, \`/patch approve\` can only be used by people with write permission on this repository. You have read permission.",
        "alice approves",
        "PR #2 opened: [node-patch 1/6] add worker-3",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #2 merged by node-patch-bot[bot]",
        "PR #3 opened: [node-patch 2/6] taint worker-1",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #3 merged by node-patch-bot[bot]",
        "PR #4 opened: [node-patch 3/6] remove worker-1",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #4 merged by node-patch-bot[bot]",
        "PR #5 opened: [node-patch 4/6] add worker-4",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #5 merged by node-patch-bot[bot]",
        "PR #6 opened: [node-patch 5/6] taint worker-2",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #6 merged by node-patch-bot[bot]",
        "PR #7 opened: [node-patch 6/6] remove worker-2",
        "check node-patch-bot/example: success (Ready to merge)",
        "PR #7 merged by node-patch-bot[bot]",
        "issue #1 closed",
        "rollout complete.",
      ]
    `);
    // The dashboard follows each phase and each gate (a tick opens, checks and merges a phase at once, so
    // the dashboard is written when its gate starts waiting).
    const dashboard = stamped.filter((l) => l.slice(9).startsWith("dashboard: ")).join("\n");
    for (let phase = 1; phase <= 6; phase++) {
      expect(dashboard).toMatch(
        new RegExp(`phase ${phase}/6 \\([^)]*\\) merged; waiting since [0-9-]+ [0-9:]+ UTC for its gate`),
      );
    }
    expect(dashboard).toContain("dashboard: Completed: all 6 phases merged and converged.");

    // The nodes at the end, and where the history is.
    const clone = join(cwd, ".sandbox", "cluster");
    const rest = lines.slice(lines.findIndex((l) => l.startsWith("Nodes now: ")));
    expect(rest.slice(0, 2)).toEqual([
      `Nodes now: master-1 (kernel 3.10.0-1127.el7.x86_64), master-2 (kernel 3.10.0-1127.el7.x86_64), worker-3 (kernel ${PATCHED_IMAGE.kernelVersion}), worker-4 (kernel ${PATCHED_IMAGE.kernelVersion})`,
      `The repository's history is cloned to ${clone}: git -C ${clone} log --graph --oneline`,
    ]);
    // The graph printed is the clone's own.
    expect(rest.slice(2).join("\n")).toBe(git(clone, "log", "--graph", "--oneline"));

    // One merge per phase on main, each bringing exactly one commit.
    const merges = git(clone, "log", "--first-parent", "--merges", "--format=%H", "main")
      .split("\n")
      .reverse();
    expect(merges.map((m) => git(clone, "rev-list", "--count", `${m}^1..${m}^2`))).toEqual([
      "1",
      "1",
      "1",
      "1",
      "1",
      "1",
    ]);
    expect(merges.map((m) => git(clone, "log", "-1", "--format=%s", `${m}^2`))).toEqual([
      "Add worker-3",
      "Taint and drain worker-1",
      "Remove worker-1",
      "Add worker-4",
      "Taint and drain worker-2",
      "Remove worker-2",
    ]);
    expect(git(clone, "status", "--porcelain")).toBe("");
  });
});
