// Commit statuses through the GitHubPort against the GitHub stand-in: the latest per context and author is
// what `commitStatuses` answers (by sha or by branch, newest first, each with its creator), descriptions longer than GitHub's 140 characters are cut
// instead of refused, and a status on an unknown commit is GitHub's 422.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokitPort, cutDescription } from "../../src/github/octokit-port.js";
import type { GitHubPort } from "../../src/github/port.js";
import { REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

describe("GitHubPort over Octokit: commit statuses", () => {
  let scene: Scene;
  let port: GitHubPort;
  let main: string;

  beforeEach(async () => {
    scene = await startScene();
    main = (await scene.standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
    port = createOctokitPort({
      octokit: scene.bot,
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-port-statuses-")),
    });
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("answers the latest status of each context, by sha and by branch", async () => {
    expect(await port.commitStatuses(main)).toEqual([]);
    await port.setCommitStatus(main, { context: "a", state: "pending", description: "waiting" });
    await port.setCommitStatus(main, {
      context: "a",
      state: "success",
      description: "passed",
      targetUrl: "https://example.com/issues/1",
    });
    await port.setCommitStatus(main, { context: "b", state: "failure", description: "" });
    const bySha = await port.commitStatuses(main);
    expect(bySha.map(({ createdAt, ...rest }) => rest)).toEqual([
      { context: "b", state: "failure", description: "", creator: "node-patch-bot[bot]" },
      {
        context: "a",
        state: "success",
        description: "passed",
        targetUrl: "https://example.com/issues/1",
        creator: "node-patch-bot[bot]",
      },
    ]);
    expect(bySha.every((s) => !Number.isNaN(Date.parse(s.createdAt)))).toBe(true);
    expect(await port.commitStatuses("main")).toEqual(bySha);
  });

  it("keeps each author's latest status of a context apart, newest first, so a reader can pick whom to trust", async () => {
    await port.setCommitStatus(main, { context: "a", state: "pending", description: "bot, older" });
    await port.setCommitStatus(main, { context: "a", state: "success", description: "bot, newer" });
    await scene.alice.rest.repos.createCommitStatus({
      owner: "acme",
      repo: "cluster",
      sha: main,
      context: "a",
      state: "success",
      description: "forged",
    });
    const seen = await port.commitStatuses(main);
    expect(seen.map((s) => [s.context, s.creator, s.description])).toEqual([
      ["a", "alice", "forged"],
      ["a", "node-patch-bot[bot]", "bot, newer"],
    ]);
  });

  it("cuts a description to GitHub's 140 characters instead of being refused", async () => {
    const long = `${"x".repeat(138)}😀 and more`;
    await port.setCommitStatus(main, { context: "a", state: "pending", description: long });
    const [status] = await port.commitStatuses(main);
    expect(status?.description).toBe(cutDescription(long));
    expect(status?.description.length).toBeLessThanOrEqual(140);
    // The surrogate pair is dropped whole, never split.
    expect(status?.description).toBe(`${"x".repeat(138)}…`);
    expect(cutDescription("short")).toBe("short");
  });

  it("reports GitHub's refusal of a status on a commit that does not exist", async () => {
    await expect(
      port.setCommitStatus("0".repeat(40), { context: "a", state: "success", description: "" }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
