// The app end to end with people in the loop: manual merges behind branch protection that requires the bot's
// check, commands from people with and without permission, hold/resume and cancel.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import {
  botComments,
  comments,
  dashboard,
  IN_PLACE,
  issue,
  mergeAs,
  pulls,
  replyText,
  stepUntil,
  waitFor,
} from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const CHECK = "node-patch-bot/example";

describe("the app with people merging", { timeout: 300_000 }, () => {
  it("gates manual merges with its check, answers commands by permission, holds, resumes and cancels", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: {
        "setup/machines.yaml": DEMO_MANIFEST,
        // Approvers are logins, compared without regard to case as GitHub compares them.
        ".github/node-patch-bot.yml": "merge:\n  mode: manual\napprovals:\n  approvers: [Alice]\n",
      },
      users: { alice: "admin", bob: "read", carol: "write" },
    });
    world = w;
    w.github.seed.protectBranch(w.fullName, "main", { contexts: [CHECK] });
    const n = await w.github.seed.openIssue(w.fullName, "bob", { title: "Kernel update", body: IN_PLACE });
    await w.step();
    expect(dashboard(w, n)).toContain("awaiting approval");

    // Someone with read permission may request, but not approve: a polite refusal that says who can, and nothing moves.
    const before = dashboard(w, n);
    w.github.seed.comment(w.fullName, "bob", n, "/patch approve");
    await w.step();
    expect(replyText(botComments(w, n).at(-1)?.body)).toBe(
      "Sorry @bob, `/patch approve` can only be used by @Alice. You have read permission.",
    );
    expect(dashboard(w, n)).toBe(before);
    expect(pulls(w)).toEqual([]);
    // Write permission is not enough when the config names the approvers.
    w.github.seed.comment(w.fullName, "carol", n, "/patch approve");
    await w.step();
    expect(replyText(botComments(w, n).at(-1)?.body)).toBe(
      "Sorry @carol, `/patch approve` can only be used by @Alice. You have write permission.",
    );
    expect(dashboard(w, n)).toBe(before);
    // An unknown command gets the help.
    w.github.seed.comment(w.fullName, "bob", n, "/patch frobnicate");
    await w.step();
    const help = replyText(botComments(w, n).at(-1)?.body);
    expect(help.split("\n").slice(0, 4)).toEqual([
      'unknown command "/patch frobnicate"',
      "",
      "```",
      "/patch plan <short form>   plan a patch rollout (see below)",
    ]);
    expect(dashboard(w, n)).toBe(before);

    // alice approves: the bot opens phase 1. Before its check exists, GitHub refuses a person's merge.
    const approval = w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await w.github.webhooks.flush();
    await waitFor(() => pulls(w).length > 0, "the approval opened phase 1");
    expect(
      comments(w, n)
        .find((c) => c.id === approval)
        ?.reactions.map((r) => r.content),
    ).toEqual(["+1"]);
    const [first] = pulls(w);
    expect(first?.title).toBe("[node-patch 1/4] taint worker-1");
    expect(await mergeAs(w, "alice", first?.number ?? 0)).toEqual({
      status: 405,
      message: `Required status check "${CHECK}" is expected.`,
    });
    // The next tick writes the check (approved, first phase): now the merge goes through.
    await w.step();
    expect((await mergeAs(w, "alice", first?.number ?? 0)).status).toBe(200);

    // The phase's gate (worker-1 drained, then on the patched kernel) holds the next phase back.
    for (let i = 0; i < 6; i++) await w.advance(30_000);
    expect(pulls(w)).toHaveLength(1);
    expect(dashboard(w, n)).toContain("waiting for the cluster");
    w.sim.patchNodeImage("worker-1", PATCHED_IMAGE);
    await stepUntil(w, () => pulls(w).length === 2, "phase 2 opened after the gate");
    const second = pulls(w)[1];
    expect(second?.title).toBe("[node-patch 2/4] untaint worker-1");

    // alice holds: the check turns to "action required", so nobody can merge, and the dashboard says who held it.
    w.github.seed.comment(w.fullName, "alice", n, "/patch hold waiting for the change board");
    await w.step();
    expect(dashboard(w, n)).toContain("> Held by @alice: waiting for the change board.");
    expect(await mergeAs(w, "alice", second?.number ?? 0)).toEqual({
      status: 405,
      message: `Required status check "${CHECK}" is failing.`,
    });
    for (let i = 0; i < 6; i++) await w.advance(60_000);
    expect(pulls(w).map((p) => [p.number, p.state, p.merged])).toEqual([
      [first?.number, "closed", true],
      [second?.number, "open", false],
    ]);

    // resume: the check passes again, the person merges, and the rollout goes on to phase 3.
    w.github.seed.comment(w.fullName, "alice", n, "/patch resume");
    await w.step();
    expect(dashboard(w, n)).not.toContain("Held by");
    // The hold's webhook delivered again after the resume (GitHub's "Redeliver") does not hold it again.
    const holdEvent = w.github.webhooks
      .deliveries()
      .find((d) => d.event === "issue_comment" && d.body.includes("/patch hold waiting"));
    await w.github.webhooks.redeliver(holdEvent?.id ?? "");
    await w.step();
    expect(dashboard(w, n)).not.toContain("Held by");
    expect((await mergeAs(w, "alice", second?.number ?? 0)).status).toBe(200);
    await stepUntil(w, () => pulls(w).length === 3, "phase 3 opened after resume");
    const third = pulls(w)[2];
    expect(third?.title).toBe("[node-patch 3/4] taint worker-2");

    // cancel closes the open phase's pull request and the tracking issue; merged phases stay merged.
    w.github.seed.comment(w.fullName, "alice", n, "/patch cancel");
    await w.step();
    expect(pulls(w).map((p) => [p.number, p.state, p.merged])).toEqual([
      [first?.number, "closed", true],
      [second?.number, "closed", true],
      [third?.number, "closed", false],
    ]);
    expect(issue(w, n).state).toBe("closed");
    expect(dashboard(w, n)).toContain("Cancelled by @alice before phase 3/4");
    for (let i = 0; i < 3; i++) await w.advance(60_000);
    expect(pulls(w)).toHaveLength(3);
  });
});
