// Onboarding end to end, two replicas of the real app against the sandbox: installing the app on a repository
// with a Machines manifest and no config opens exactly one pull request adding a valid config and the issue
// form; redelivered events, the other replica and the timer open no other; nothing else happens there until
// the config is merged, and a closed onboarding pull request is never asked again.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileConfigValidator } from "../../src/plan/schemas.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { BOT, personClient, replyText } from "./app-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const BRANCH = "node-patch/onboarding";
const CONFIG = ".github/node-patch-bot.yml";
const FORM = ".github/ISSUE_TEMPLATE/node-patch.yml";
const REQUEST = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  role: worker\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;

const pullsOf = (w: LocalWorld, fullName: string) =>
  [...w.github.seed.repo(fullName).issues.values()]
    .filter((i) => i.pull !== null)
    .map((i) => ({
      number: i.number,
      branch: i.pull?.head ?? "",
      state: i.state,
      merged: i.pull?.merged ?? false,
      user: i.user,
    }));
const botReplies = (w: LocalWorld, fullName: string, issue: number) =>
  [...w.github.seed.repo(fullName).comments.values()]
    .filter((c) => c.issueNumber === issue && c.user === BOT)
    .map((c) => replyText(c.body));
const commitsOnBranch = (w: LocalWorld, fullName: string) =>
  execFileSync(
    "git",
    ["--git-dir", w.github.seed.repo(fullName).dir, "rev-list", `${BRANCH}`, `^${w.defaultBranch}`],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n");
/** Lets held webhooks land without a timer tick (the tick would onboard too). */
const deliver = async (w: LocalWorld) => {
  for (let i = 0; i < 20 && w.github.webhooks.pending().length > 0; i++) await w.github.webhooks.flush();
};

describe("onboarding a repository", { timeout: 300_000 }, () => {
  it("opens one pull request with a valid config and the issue form, and does nothing else until it is merged", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST },
      replicas: 2,
    });
    world = w;
    // A second account installs the app on its repository (wksctl layout: machines.yaml at the top).
    await w.github.seed.createRepo({
      owner: "globex",
      name: "infra",
      files: { "machines.yaml": DEMO_MANIFEST, "README.md": "# infra\n" },
      install: false,
    });
    w.github.seed.setPermission("globex/infra", "alice", "admin");
    w.github.seed.installApp("globex", { emit: true });
    // Repositories added to the first account's installation.
    w.github.seed.announceRepositories("acme", [w.fullName]);
    await deliver(w);

    // 1. One pull request each, from the installation events alone, with one commit adding the two files.
    for (const [fullName, manifestPath] of [
      [w.fullName, "setup/machines.yaml"],
      ["globex/infra", "machines.yaml"],
    ] as const) {
      expect(pullsOf(w, fullName)).toEqual([
        { number: 1, branch: BRANCH, state: "open", merged: false, user: BOT },
      ]);
      expect(commitsOnBranch(w, fullName)).toHaveLength(1);
      const config = (await w.github.seed.readFile(fullName, BRANCH, CONFIG)) ?? "";
      expect(config.split("\n")[0]).toBe(
        "# yaml-language-server: $schema=https://node-patch-bot.dev/schemas/config.schema.json",
      );
      const validate = compileConfigValidator();
      const parsed = parse(config);
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
      expect(parsed).toEqual({ manifestPath, clusterName: "example" });
      expect(await w.github.seed.readFile(fullName, BRANCH, FORM)).toBe(
        await readFile(new URL("../../.github/ISSUE_TEMPLATE/node-patch.yml", import.meta.url), "utf8"),
      );
    }

    // 2. Redelivered events (to the other replica), both replicas' timers and more events open no other.
    for (const delivery of w.github.webhooks.deliveries().filter((d) => d.event.startsWith("installation")))
      await w.github.webhooks.redeliver(delivery.id);
    await w.step();
    await w.advance(60_000);
    expect(pullsOf(w, w.fullName)).toHaveLength(1);
    expect(pullsOf(w, "globex/infra")).toHaveLength(1);

    // 3. Until the config is merged, a patch request gets one answer pointing at the pull request and no plan.
    const request = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: REQUEST });
    await w.step();
    await w.advance(60_000);
    expect(botReplies(w, w.fullName, request)).toEqual([
      "I cannot plan this yet: this repository has no `.github/node-patch-bot.yml`. Merge the onboarding pull request #1 first.\nThen edit this issue, or comment `/patch plan ...`, and I will plan the request.",
    ]);
    expect(w.github.seed.repo(w.fullName).issues.get(request)?.labels).toEqual([]);

    // 4. Merged: the request is planned once edited, from the config on the default branch.
    const [owner = "", repo = ""] = w.fullName.split("/");
    const alice = personClient(w, "alice");
    await alice.rest.pulls.merge({ owner, repo, pull_number: 1 });
    await w.step();
    await alice.rest.issues.update({ owner, repo, issue_number: request, body: `${REQUEST}\n` });
    await w.step();
    expect(w.github.seed.repo(w.fullName).issues.get(request)?.labels).toEqual(["node-patch-rollout"]);

    // 5. Closed without merging means no: nothing is asked again, on events or ticks, and nothing else runs.
    await alice.rest.pulls.update({ owner: "globex", repo: "infra", pull_number: 1, state: "closed" });
    await alice.rest.git.deleteRef({ owner: "globex", repo: "infra", ref: `heads/${BRANCH}` });
    w.github.seed.announceRepositories("globex", ["globex/infra"]);
    await w.step();
    await w.advance(60_000);
    expect(pullsOf(w, "globex/infra")).toEqual([
      { number: 1, branch: BRANCH, state: "closed", merged: false, user: BOT },
    ]);
    const declined = await w.github.seed.openIssue("globex/infra", "alice", {
      title: "Kernel",
      body: REQUEST,
    });
    await w.step();
    expect(botReplies(w, "globex/infra", declined)).toEqual([
      "I cannot plan this yet: this repository has no `.github/node-patch-bot.yml`. Merge the onboarding pull request #1 first (it is closed: reopen it, or add the file yourself).\nThen edit this issue, or comment `/patch plan ...`, and I will plan the request.",
    ]);
  });

  it("looks at a repository without a Machines manifest every tick through REST alone: no clone, no git", async () => {
    const w = await startLocalWorld({
      manifestPath: "setup/machines.yaml",
      files: { "setup/machines.yaml": DEMO_MANIFEST, [CONFIG]: "manifestPath: setup/machines.yaml\n" },
    });
    world = w;
    await w.github.seed.createRepo({
      owner: "globex",
      name: "docs",
      files: { "README.md": "# docs\n" },
      install: false,
    });
    w.github.seed.installApp("globex", { emit: true });
    await deliver(w);
    w.github.resetCounters();
    for (let i = 0; i < 3; i++) await w.advance(60_000);
    expect(pullsOf(w, "globex/docs")).toEqual([]);
    // Every tick reads the repository's default branch (a conditional request: 304 while it does not move).
    expect(w.github.counters()["GET /repos/{owner}/{repo}/git/ref/{ref} (304)"]).toBeGreaterThanOrEqual(3);
    expect(Object.keys(w.github.counters()).filter((k) => k.startsWith("GIT "))).toEqual([]);
  });
});
