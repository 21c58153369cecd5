// Real git behind the stand-in: pushes through simple-git over HTTP, merges computed by git in the bare
// repository, and compare-and-swap refusals when a branch moved underneath the caller.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGit } from "../../../src/github/git.js";
import { readCommit, resolveCommit, runGit } from "../../../src/sandbox/github/git-store.js";
import type { WebhookDelivery } from "../../../src/sandbox/github/index.js";
import { cloneRepo, GATE, MANIFEST, REPO, type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) {
      const data = error.response?.data;
      const message =
        typeof data === "object" && data !== null && "message" in data ? String(data.message) : "";
      return { status: error.status, message };
    }
    throw error;
  }
  throw new Error("expected the request to be refused");
}

describe("git over HTTP and real merges", () => {
  let scene: Scene;
  let deliveries: WebhookDelivery[];

  beforeEach(async () => {
    scene = await startScene();
    deliveries = [];
    scene.standIn.webhooks.subscribe((d) => deliveries.push(d));
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  async function pushBranch(branch: string, content: string, message = `change ${branch}`) {
    const { dir, git } = await cloneRepo(scene.standIn, scene.botToken);
    await git.checkoutLocalBranch(branch);
    await writeFile(join(dir, MANIFEST), content);
    await git.add(MANIFEST).commit(message);
    await git.push("origin", branch);
    return { dir, git, sha: (await git.revparse(["HEAD"])).trim() };
  }

  async function openPull(branch: string, content: string) {
    await pushBranch(branch, content);
    const { data } = await scene.bot.rest.pulls.create({
      ...repo,
      title: branch,
      head: branch,
      base: "main",
    });
    return data;
  }

  it("accepts a push from simple-git and emits a push webhook for the new branch", async () => {
    const { sha } = await pushBranch("phase-1", "kind: Machine\nname: worker-1\n");
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/phase-1")).toBe(sha);
    const push = deliveries.find((d) => d.event === "push");
    expect(push?.payload).toMatchObject({
      ref: "refs/heads/phase-1",
      after: sha,
      created: true,
      deleted: false,
    });
    expect(push?.payload.installation).toEqual({
      id: scene.standIn.seed.installationId("acme"),
      node_id: expect.any(String),
    });
  });

  it("accepts the first push into an empty repository (GIT_PROTOCOL reaches http-backend)", async () => {
    await scene.standIn.seed.createRepo({ owner: "acme", name: "empty" });
    const dir = await mkdtemp(join(tmpdir(), "npb-standin-empty-"));
    const git = createGit(dir);
    await git.init();
    await writeFile(join(dir, "a.txt"), "a\n");
    await git.add("a.txt").commit("first");
    await git.addRemote("origin", scene.standIn.cloneUrl("acme/empty", scene.botToken));
    await git.push("origin", "main");
    expect(await scene.standIn.seed.readFile("acme/empty", "main", "a.txt")).toBe("a\n");
  });

  it("refuses git access without a token the stand-in issued", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-standin-denied-"));
    await expect(createGit(dir).clone(scene.standIn.cloneUrl(REPO, "ghs_forged"), dir)).rejects.toThrow(
      /Authentication failed|401/,
    );
  });

  it("refuses a push from a user who may only read", async () => {
    const reader = scene.standIn.seed.userToken("rita");
    const { dir, git } = await cloneRepo(scene.standIn, reader);
    await git.checkoutLocalBranch("rita");
    await writeFile(join(dir, "x"), "x\n");
    await git.add("x").commit("x");
    await expect(git.push("origin", "rita")).rejects.toThrow(/403|denied/i);
  });

  it("merges with a real merge commit that the bare repository holds, then closes the pull request", async () => {
    const pull = await openPull("phase-1", "kind: Machine\nname: worker-1\n");
    const mainBefore = await scene.standIn.seed.resolve(REPO, "refs/heads/main");
    const { data: merge } = await scene.bot.rest.pulls.merge({
      ...repo,
      pull_number: pull.number,
      sha: pull.head.sha,
    });
    const dir = scene.standIn.seed.repo(REPO).dir;
    expect((await runGit(dir, ["cat-file", "-t", merge.sha])).stdout.toString().trim()).toBe("commit");
    expect(await resolveCommit(dir, "refs/heads/main")).toBe(merge.sha);
    const commit = await readCommit(dir, merge.sha);
    expect(commit.parents).toEqual([mainBefore, pull.head.sha]);
    expect(commit.message).toBe(`Merge pull request #${pull.number} from acme/phase-1\n\nphase-1`);
    expect(await scene.standIn.seed.readFile(REPO, "main", MANIFEST)).toBe("kind: Machine\nname: worker-1\n");
    const { data: after } = await scene.bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(after).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merge.sha });
    await scene.standIn.webhooks.idle();
    const closed = deliveries.find((d) => d.event === "pull_request" && d.action === "closed");
    expect(closed?.payload).toMatchObject({ pull_request: { merged: true } });
  });

  it("refuses a merge whose expected head sha is stale with 409, after a push moved the branch", async () => {
    const pull = await openPull("phase-1", "kind: Machine\nname: worker-1\n");
    const { dir, git } = await cloneRepo(scene.standIn, scene.botToken);
    await git.checkout("phase-1");
    await writeFile(join(dir, "README.md"), "moved\n");
    await git.add("README.md").commit("move the head");
    await git.push("origin", "phase-1");
    await expect(
      refusal(scene.bot.rest.pulls.merge({ ...repo, pull_number: pull.number, sha: pull.head.sha })),
    ).resolves.toEqual({
      status: 409,
      message: "Head branch was modified. Review and try the merge again.",
    });
    const sync = deliveries.find((d) => d.event === "pull_request" && d.action === "synchronize");
    expect(sync?.payload).toMatchObject({ before: pull.head.sha });
    const { data: now } = await scene.bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(now.head.sha).not.toBe(pull.head.sha);
  });

  it("squashes into one single-parent commit and rebases into a linear history", async () => {
    const squash = await openPull("squash-me", "squashed\n");
    const { data: s } = await scene.bot.rest.pulls.merge({
      ...repo,
      pull_number: squash.number,
      merge_method: "squash",
    });
    const dir = scene.standIn.seed.repo(REPO).dir;
    expect((await readCommit(dir, s.sha)).parents).toHaveLength(1);
    expect((await readCommit(dir, s.sha)).message).toBe(
      `squash-me (#${squash.number})\n\n* change squash-me`,
    );
    const rebase = await openPull("rebase-me", "rebased\n");
    const { data: r } = await scene.bot.rest.pulls.merge({
      ...repo,
      pull_number: rebase.number,
      merge_method: "rebase",
    });
    const replayed = await readCommit(dir, r.sha);
    expect(replayed.parents).toEqual([s.sha]);
    expect(replayed.message).toBe("change rebase-me");
    expect(replayed.committer.name).toBe("GitHub");
    expect(await scene.standIn.seed.readFile(REPO, "main", MANIFEST)).toBe("rebased\n");
  });

  it("answers 405 for a conflicting pull request and reports it as not mergeable", async () => {
    const first = await openPull("one", "one\n");
    const second = await openPull("two", "two\n");
    await scene.bot.rest.pulls.merge({ ...repo, pull_number: first.number });
    const { data } = await scene.bot.rest.pulls.get({ ...repo, pull_number: second.number });
    expect({ mergeable: data.mergeable, state: data.mergeable_state }).toEqual({
      mergeable: false,
      state: "dirty",
    });
    await expect(
      refusal(scene.bot.rest.pulls.merge({ ...repo, pull_number: second.number })),
    ).resolves.toEqual({
      status: 405,
      message: "Pull Request is not mergeable",
    });
  });

  it("enforces branch protection's required checks with GitHub's wording until they pass", async () => {
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: [GATE] });
    const pull = await openPull("gated", "gated\n");
    const merge = () =>
      scene.alice.rest.pulls.merge({ ...repo, pull_number: pull.number, sha: pull.head.sha });
    expect(await refusal(merge())).toEqual({
      status: 405,
      message: `Required status check "${GATE}" is expected.`,
    });
    const { data: blocked } = await scene.bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect({ mergeable: blocked.mergeable, state: blocked.mergeable_state }).toEqual({
      mergeable: true,
      state: "blocked",
    });
    const { data: run } = await scene.bot.rest.checks.create({
      ...repo,
      name: GATE,
      head_sha: pull.head.sha,
      status: "in_progress",
    });
    expect((await refusal(merge())).message).toBe(`Required status check "${GATE}" is expected.`);
    await scene.bot.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: "failure" });
    expect((await refusal(merge())).message).toBe(`Required status check "${GATE}" is failing.`);
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: [GATE, "ci/test"] });
    expect((await refusal(merge())).message).toBe("2 of 2 required status checks are expected.");
    await scene.bot.rest.checks.create({
      ...repo,
      name: GATE,
      head_sha: pull.head.sha,
      conclusion: "success",
    });
    await scene.bot.rest.repos.createCommitStatus({
      ...repo,
      sha: pull.head.sha,
      state: "success",
      context: "ci/test",
    });
    await expect(merge()).resolves.toMatchObject({ status: 200, data: { merged: true } });
  });

  it("refuses a direct push to a protected branch until the pushed commit passes the required checks", async () => {
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: [GATE] });
    const { git, sha } = await pushBranch("hotfix", "hotfix\n");
    const refused = await git.push("origin", "hotfix:main").catch((error: unknown) => String(error));
    expect(refused).toMatch(/remote: error: GH006: Protected branch update failed for refs\/heads\/main\./);
    expect(refused).toContain(`remote: error: Required status check "${GATE}" is expected.`);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/main")).not.toBe(sha);
    // A push that updates a protected branch among others is refused whole; others pass (hotfix did).
    const both = await git.raw(["push", "origin", "hotfix:other", "hotfix:main"]).catch(String);
    expect(both).toMatch(/GH006: Protected branch update failed for refs\/heads\/main\./);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/other")).toBeNull();
    await scene.bot.rest.checks.create({ ...repo, name: GATE, head_sha: sha, conclusion: "success" });
    await git.push("origin", "hotfix:main");
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/main")).toBe(sha);
    await expect(git.push("origin", ":main")).rejects.toThrow(/Cannot delete this protected branch/);
  });

  it("updates refs only by fast-forward unless forced, answering 422 otherwise", async () => {
    const { sha } = await pushBranch("side", "side\n");
    const main = await scene.standIn.seed.resolve(REPO, "refs/heads/main");
    await scene.standIn.seed.commit(REPO, "main", { "other.txt": "x\n" }, "diverge");
    const diverged = await scene.standIn.seed.resolve(REPO, "refs/heads/main");
    expect(
      await refusal(scene.bot.rest.git.updateRef({ ...repo, ref: "heads/side", sha: diverged ?? "" })),
    ).toEqual({
      status: 422,
      message: "Update is not a fast forward",
    });
    await scene.bot.rest.git.updateRef({ ...repo, ref: "heads/side", sha: main ?? "", force: true });
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/side")).toBe(main);
    expect(sha).not.toBe(main);
    expect(
      (await refusal(scene.bot.rest.git.createRef({ ...repo, ref: "refs/heads/side", sha: main ?? "" })))
        .message,
    ).toBe("Reference already exists");
  });
});
