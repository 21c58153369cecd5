// `/patch rollback` end to end: a phase whose gate times out holds the rollout; a person rolls it back, and the
// bot opens the phase that undoes it, drops the rest of the plan, and completes once the undoing converged.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import {
  botComments,
  dashboard,
  IN_PLACE,
  issue,
  mergeAs,
  pulls,
  replyText,
  stepUntil,
} from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const CONFIG = "merge:\n  mode: manual\nreadiness:\n  timeoutMinutes: 1\n  drainTimeoutMinutes: 1\n";

describe("rolling back a rollout", { timeout: 300_000 }, () => {
  it("undoes the last merged phase after its gate timed out, and drops the phases after it", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": CONFIG },
      users: { alice: "admin", bob: "read" },
    });
    world = w;
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel update", body: IN_PLACE });
    await w.step();
    // Nothing merged yet: nothing to roll back, and the bot says what to do instead.
    w.github.seed.comment(w.fullName, "alice", n, "/patch rollback");
    await w.step();
    expect(replyText(botComments(w, n).at(-1)?.body)).toMatch(/has no merged phase to roll back/);

    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await stepUntil(w, () => pulls(w).length === 1, "phase 1 opened");
    await w.step();
    const [first] = pulls(w);
    expect(first?.title).toBe("[node-patch 1/4] taint worker-1");
    expect((await mergeAs(w, "alice", first?.number ?? 0)).status).toBe(200);

    // worker-1 never reports the patched kernel: the gate times out and the rollout holds.
    await stepUntil(w, () => dashboard(w, n).includes("the gate timed out"), "the gate timed out");
    expect(pulls(w)).toHaveLength(1);

    // Only people with write permission may roll back.
    w.github.seed.comment(w.fullName, "bob", n, "/patch rollback");
    await w.step();
    expect(replyText(botComments(w, n).at(-1)?.body)).toBe(
      "Sorry @bob, `/patch rollback` can only be used by people with write permission on this repository. You have read permission.",
    );

    // alice rolls back: the phase that untaints worker-1 opens at once, on its own branch.
    w.github.seed.comment(w.fullName, "alice", n, "/patch rollback");
    await stepUntil(w, () => pulls(w).length === 2, "the rollback phase opened");
    const back = pulls(w)[1];
    expect([back?.title, back?.branch]).toEqual([
      "[node-patch 2/2 rollback] untaint worker-1",
      expect.stringMatching(/^node-patch\/[a-z0-9]+\/rollback-2-untaint$/),
    ]);
    const board = dashboard(w, n);
    expect(board).toContain("**Rolled back:** phase 1 by @alice; 3 planned phases after it dropped.");
    expect(board).toContain("Untaint worker-1 (rolls back phase 1)");
    expect(board).not.toContain("Held by");

    // Merged, the untaint converges (worker-1 schedulable again) and the rollout completes as rolled back.
    await w.step();
    expect((await mergeAs(w, "alice", back?.number ?? 0)).status).toBe(200);
    await stepUntil(w, () => issue(w, n).state === "closed", "rolled back", 30_000, 8).catch((e) => {
      throw new Error(`${e}\n${dashboard(w, n)}`);
    });
    expect(dashboard(w, n)).toContain(
      "> Rolled back: phase 1 undone (rollback by @alice); all 2 phases merged and converged.",
    );
    expect(w.sim.node("worker-1")?.spec?.unschedulable ?? false).toBe(false);
    // The manifest is back to what it was, byte for byte.
    expect(await w.github.seed.readFile(w.fullName, "main", "setup/machines.yaml")).toBe(DEMO_MANIFEST);
    // A redelivered rollback command says nothing more.
    const said = botComments(w, n).length;
    await w.github.webhooks.redeliver(
      w.github.webhooks.deliveries().findLast((d) => d.event === "issue_comment")?.id ?? "",
    );
    await w.step();
    expect(botComments(w, n)).toHaveLength(said);
  });
});
