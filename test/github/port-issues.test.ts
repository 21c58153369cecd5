// The port's reads and issue-side writes against the GitHub stand-in: views mapped from GitHub's answers,
// idempotent label and reaction writes, permissions, files and refs, and answers that fail validation.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokitPort, gitBlobSha } from "../../src/github/octokit-port.js";
import type { GitHubPort } from "../../src/github/port.js";
import { MANIFEST, REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

const repo = { owner: "acme", repo: "cluster" };

describe("GitHubPort over Octokit: issues, comments, labels, permissions, files", () => {
  let scene: Scene;
  let port: GitHubPort;

  beforeEach(async () => {
    scene = await startScene();
    port = createOctokitPort({
      octokit: scene.bot,
      repo,
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-port-cache-")),
    });
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("reads the default branch once per port, files with their blob sha, and branch heads", async () => {
    expect(await port.defaultBranch()).toBe("main");
    expect(await port.defaultBranch()).toBe("main");
    expect(scene.standIn.counters()["GET /repos/{owner}/{repo}"]).toBe(1);
    const file = await port.readFile(MANIFEST, "main");
    expect(file).toEqual({
      text: "kind: Machine\nname: master-0\n",
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const { data: json } = await scene.bot.rest.repos.getContent({ ...repo, path: MANIFEST, ref: "main" });
    expect(file?.sha).toBe(Array.isArray(json) ? "" : json.sha);
    expect(file?.sha).toBe(gitBlobSha(Buffer.from(file?.text ?? "")));
    expect(await port.readFile("absent.yaml", "main")).toBeUndefined();
    await expect(port.readFile("setup", "main")).rejects.toThrow("readFile: setup at main is a directory");
    expect(await port.branchSha("main")).toBe(await scene.standIn.seed.resolve(REPO, "refs/heads/main"));
    expect(await port.branchSha("nope")).toBeUndefined();
  });

  it("reads files at a commit and branch heads through git, byte for byte, with no REST call", async () => {
    const text = "kind: Machine\r\nname: master-0   \n\n# trailing\n\n";
    await scene.standIn.seed.commit(REPO, "main", { [MANIFEST]: text, "setup/extra.yaml": "x: 1\n" }, "crlf");
    scene.standIn.resetCounters();
    const sha = (await port.branchSha("main")) ?? "";
    expect(sha).toBe(await scene.standIn.seed.resolve(REPO, "refs/heads/main"));
    const file = await port.readFile(MANIFEST, sha);
    expect(file).toEqual({ text, sha: gitBlobSha(Buffer.from(text)) });
    expect(await port.readFile("setup/absent.yaml", sha)).toBeUndefined();
    expect(await port.readFile("setup/extra.yaml/deeper", sha)).toBeUndefined();
    await expect(port.readFile("setup", sha)).rejects.toThrow(`readFile: setup at ${sha} is a directory`);
    await expect(port.readFile("../escape", sha)).rejects.toThrow("invalid path");
    expect(Object.keys(scene.standIn.counters()).filter((k) => !k.startsWith("GIT "))).toEqual([]);
    // The commit is in the cache now: the second read fetches nothing.
    const fetches = () => scene.standIn.counters()["GIT /{owner}/{repo}.git/git-upload-pack"] ?? 0;
    const before = fetches();
    expect((await port.readFile("setup/extra.yaml", sha))?.text).toBe("x: 1\n");
    expect(fetches()).toBe(before);
  });

  it("tries a failed git read again twice, then reports it without the token", async () => {
    const main = await scene.standIn.seed.resolve(REPO, "refs/heads/main");
    const refs = /\.git\/info\/refs$/;
    scene.standIn.injectFault({ kind: "server-error", status: 502, path: refs, times: 2 });
    expect(await port.branchSha("main")).toBe(main);
    scene.standIn.injectFault({ kind: "server-error", status: 503, path: refs, times: 3 });
    const error = await port.branchSha("main").catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /^Error: git ls-remote http:\/\/127\.0\.0\.1:\d+\/acme\/cluster\.git failed/,
    );
    expect(String(error)).not.toContain(scene.botToken);
    // Nothing of the faults is left: the third attempt took the last one.
    expect(await port.branchSha("main")).toBe(main);
  });

  it("reads through REST when told to (the agent, which reaches only the API)", async () => {
    const rest = createOctokitPort({
      octokit: scene.bot,
      repo,
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-port-cache-")),
      gitReads: false,
    });
    scene.standIn.resetCounters();
    const sha = (await rest.branchSha("main")) ?? "";
    expect(sha).toBe(await scene.standIn.seed.resolve(REPO, "refs/heads/main"));
    expect((await rest.readFile(MANIFEST, sha))?.text).toBe("kind: Machine\nname: master-0\n");
    expect(await rest.branchSha("nope")).toBeUndefined();
    expect(Object.keys(scene.standIn.counters()).sort()).toEqual([
      "GET /repos/{owner}/{repo}/contents/{path}",
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
    ]);
  });

  it("also reads a file from the JSON (base64) answer of a server that ignores the raw media type", async () => {
    scene.bot.hook.before("request", (options) => {
      options.headers.accept = "application/vnd.github+json";
    });
    const file = await port.readFile(MANIFEST, "main");
    expect(file?.text).toBe("kind: Machine\nname: master-0\n");
    expect(file?.sha).toBe(gitBlobSha(Buffer.from(file?.text ?? "")));
  });

  it("deletes a branch, and deleting it again is not an error", async () => {
    await scene.standIn.seed.commit(REPO, "old-phase", { "x.txt": "x\n" }, "x");
    await port.deleteBranch("old-phase");
    expect(await port.branchSha("old-phase")).toBeUndefined();
    await expect(port.deleteBranch("old-phase")).resolves.toBeUndefined();
  });

  it("maps issues, filters them by label and state, and updates them", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", {
      title: "Patch workers",
      body: "```yaml\nstrategy: replace\n```",
      labels: ["patch-request"],
    });
    await scene.standIn.seed.openIssue(REPO, "alice", { title: "Unrelated" });
    expect(await port.getIssue(number)).toEqual({
      number,
      title: "Patch workers",
      body: "```yaml\nstrategy: replace\n```",
      state: "open",
      labels: ["patch-request"],
      author: "alice",
      authorType: "User",
      isPullRequest: false,
      htmlUrl: expect.stringContaining(`/acme/cluster/issues/${number}`),
      comments: 0,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect((await port.listIssues({ labels: ["patch-request"] })).map((i) => i.number)).toEqual([number]);
    await port.updateIssue(number, { state: "closed", title: "Patched" });
    expect(await port.listIssues({ labels: ["patch-request"] })).toEqual([]);
    const closed = await port.listIssues({ labels: ["patch-request"], state: "closed" });
    expect(closed.map((i) => [i.title, i.state])).toEqual([["Patched", "closed"]]);
    const created = await port.createIssue({
      title: "Rollout r1",
      body: "dashboard",
      labels: ["node-patch"],
    });
    expect(created).toMatchObject({ title: "Rollout r1", author: "node-patch-bot[bot]", authorType: "Bot" });
  });

  it("creates, lists and updates comments, truncating an over-long body with a note", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "t" });
    scene.standIn.seed.comment(REPO, "alice", number, "/patch plan");
    const mine = await port.createComment(number, "x".repeat(70_000));
    expect(mine.body.length).toBeLessThanOrEqual(65_536);
    expect(mine.body.startsWith("x".repeat(65_400))).toBe(true);
    expect(mine.body).toMatch(/_\(truncated: \d+ more characters did not fit in GitHub's comment limit\)_$/);
    await port.updateComment(mine.id, "plan v2");
    const comments = await port.listComments(number);
    expect(comments.map((c) => [c.author, c.authorType, c.body])).toEqual([
      ["alice", "User", "/patch plan"],
      ["node-patch-bot[bot]", "Bot", "plan v2"],
    ]);
  });

  it("adds labels and reactions idempotently and ignores removing a label that is not there", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "t" });
    const comment = scene.standIn.seed.comment(REPO, "alice", number, "/patch approve");
    await port.addLabels(number, ["node-patch", "hold"]);
    await port.addLabels(number, ["node-patch"]);
    await port.addLabels(number, []);
    expect((await port.getIssue(number)).labels).toEqual(["node-patch", "hold"]);
    await port.removeLabel(number, "hold");
    await port.removeLabel(number, "hold");
    expect((await port.getIssue(number)).labels).toEqual(["node-patch"]);
    await port.addReaction(comment, "+1");
    await port.addReaction(comment, "+1");
    expect(
      scene.standIn.counters()["POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"],
    ).toBe(2);
  });

  it("reads each person's permission, telling maintain and triage apart, and none for strangers", async () => {
    scene.standIn.seed.setPermission(REPO, "mia", "maintain");
    scene.standIn.seed.setPermission(REPO, "tom", "triage");
    scene.standIn.seed.addUser("stranger");
    const read = async (user: string) => [user, await port.permission(user)];
    expect(
      await Promise.all(["acme", "alice", "mia", "tom", "rita", "stranger", "nobody"].map(read)),
    ).toEqual([
      ["acme", "admin"],
      ["alice", "write"],
      ["mia", "maintain"],
      ["tom", "triage"],
      ["rita", "read"],
      ["stranger", "none"],
      ["nobody", "none"],
    ]);
  });

  it("refuses an answer that does not have the shape it depends on, naming the endpoint", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "t" });
    scene.bot.hook.after("request", (response, options) => {
      if (options.url === "/repos/{owner}/{repo}/issues/{issue_number}") {
        Object.assign(response, { data: { ...response.data, state: "merged", labels: null } });
      }
    });
    await expect(port.getIssue(number)).rejects.toThrow(
      "GitHub's answer to GET /repos/{owner}/{repo}/issues/{issue_number} is not the expected Issue " +
        "(schemas/github-rest.schema.json): /state must be equal to one of the allowed values; /labels must be array",
    );
  });
});
