// A request whose webhook was lost (the app failed on it; GitHub never retries a failed delivery) is found by
// the minute timer once nobody answered it for a few minutes, and planned once; a request someone already
// answered is not touched again. The same for a command whose delivery failed.
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { MISSED_AFTER_MS } from "../../src/service/missed-commands.js";
import { MISSED_SCAN_MINUTES, UNANSWERED_AFTER_MS } from "../../src/service/missed-requests.js";
import { botComments, dashboard, issue } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const REQUEST = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [worker-1]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

describe("a request or command whose webhook failed", { timeout: 120_000 }, () => {
  it("is planned by the timer once it went unanswered for a few minutes, and a lost command acted on, once each", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
    });
    world = w;
    // The app's first read for the issue (its comments) fails, so the issues.opened delivery fails.
    w.github.injectFault({ kind: "server-error", status: 502, path: /\/issues\/1\/comments$/, times: 1 });
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: REQUEST });
    await w.step();
    // Probot answers the delivery with the error's status.
    expect(w.github.webhooks.deliveries().map((d) => [d.event, d.attempts.at(-1)?.status])).toEqual([
      ["issues", 502],
    ]);
    expect(dashboard(w, n)).toBe("");

    // Within the margin a tick leaves it alone: a slow webhook may still be at work on it.
    await w.advance(60_000);
    expect(dashboard(w, n)).toBe("");

    // Past it, the timer's next scan for missed requests plans the request as the webhook would have.
    await w.advance(UNANSWERED_AFTER_MS);
    expect(await minutesUntilPlanned(w, n)).toBeLessThan(MISSED_SCAN_MINUTES);
    expect(dashboard(w, n)).toContain("awaiting approval");
    expect(issue(w, n).labels).toEqual(["node-patch-rollout"]);

    // Later ticks find it answered: one dashboard, nothing else.
    await w.advance(UNANSWERED_AFTER_MS);
    await w.advance(60_000);
    expect(botComments(w, n)).toHaveLength(1);

    // The approval's delivery fails too (its first read answered 502): the rollout waits, then the timer
    // finds the command nobody answered and acts on it, once.
    w.github.injectFault({ kind: "server-error", status: 502, path: /\/issues\/1\/comments$/, times: 1 });
    const approval = w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await w.github.webhooks.flush();
    expect(w.github.webhooks.deliveries().at(-1)?.attempts.at(-1)?.status).toBe(502);
    await w.advance(60_000);
    expect(dashboard(w, n)).toContain("awaiting approval");
    await w.advance(MISSED_AFTER_MS);
    expect(dashboard(w, n)).toContain("**Approved by:** @alice");
    expect(comment(w, approval)?.reactions.map((r) => r.content)).toEqual(["+1"]);
    for (let i = 0; i < 3; i++) await w.advance(60_000);
    expect(comment(w, approval)?.reactions).toHaveLength(1);
  });

  it("is planned even after someone commented on it, as long as the bot never answered its request", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, ".github/node-patch-bot.yml": "merge:\n  mode: auto\n" },
    });
    world = w;
    w.github.injectFault({ kind: "server-error", status: 502, path: /\/issues\/1\/comments$/, times: 1 });
    const n = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: REQUEST });
    await w.step();
    // Someone approves what they expect was planned: the bot, seeing no rollout, says so.
    w.github.seed.comment(w.fullName, "alice", n, "/patch approve");
    await w.step();
    expect(botComments(w, n).map((c) => c.body.split("\n")[0])).toEqual([
      "`/patch approve` needs a rollout, and there is none on this issue. Start one with `/patch plan ...`.",
    ]);
    await w.advance(UNANSWERED_AFTER_MS);
    expect(await minutesUntilPlanned(w, n)).toBeLessThan(MISSED_SCAN_MINUTES);
    expect(dashboard(w, n)).toContain("awaiting approval");
    for (let i = 0; i < 2; i++) await w.advance(60_000);
    expect(botComments(w, n)).toHaveLength(2);
  });
});

const comment = (w: LocalWorld, id: number) => w.github.seed.repo(w.fullName).comments.get(id);

/** Minutes of timer ticks until the issue has its dashboard (the scan for missed requests runs every few). */
async function minutesUntilPlanned(w: LocalWorld, n: number): Promise<number> {
  let minutes = 0;
  while (dashboard(w, n) === "" && minutes < MISSED_SCAN_MINUTES) {
    await w.advance(60_000);
    minutes++;
  }
  return minutes;
}
