// REST behaviours beyond shapes: GitHub's validation answers, pagination, labels, directories, and what
// happens to pull requests when their branch goes away or falls behind a strict base.
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST, REPO, type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return { status: error.status, data: error.response?.data };
    throw error;
  }
  throw new Error("expected the request to be refused");
}

describe("REST behaviours", () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await startScene();
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("refuses a second pull request for the same head, and one without commits, with 422 Validation Failed", async () => {
    await scene.standIn.seed.commit(REPO, "phase-1", { [MANIFEST]: "changed\n" }, "add: worker-1");
    await scene.bot.rest.pulls.create({ ...repo, title: "Phase 1", head: "phase-1", base: "main" });
    expect(
      await refusal(
        scene.bot.rest.pulls.create({ ...repo, title: "again", head: "acme:phase-1", base: "main" }),
      ),
    ).toEqual({
      status: 422,
      data: {
        message: "Validation Failed",
        documentation_url: expect.any(String),
        errors: [
          {
            resource: "PullRequest",
            code: "custom",
            message: "A pull request already exists for acme:phase-1.",
          },
        ],
      },
    });
    await scene.standIn.seed.commit(REPO, "empty", {}, "nothing");
    await scene.bot.rest.git.updateRef({
      ...repo,
      ref: "heads/empty",
      sha: (await scene.standIn.seed.resolve(REPO, "main")) ?? "",
      force: true,
    });
    const empty = await refusal(
      scene.bot.rest.pulls.create({ ...repo, title: "empty", head: "empty", base: "main" }),
    );
    expect(empty.data).toMatchObject({ errors: [{ message: "No commits between main and empty" }] });
  });

  it("enforces GitHub's size limits on comment bodies and check run output", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "big" });
    const tooLong = await refusal(
      scene.bot.rest.issues.createComment({ ...repo, issue_number: number, body: "x".repeat(65537) }),
    );
    expect(tooLong).toMatchObject({
      status: 422,
      data: { message: "Validation Failed", errors: [{ field: "body" }] },
    });
    await scene.bot.rest.issues.createComment({ ...repo, issue_number: number, body: "x".repeat(65536) });
    const head = (await scene.standIn.seed.resolve(REPO, "main")) ?? "";
    const summary = await refusal(
      scene.bot.rest.checks.create({
        ...repo,
        name: "gate",
        head_sha: head,
        output: { title: "t", summary: "s".repeat(65536) },
      }),
    );
    expect(summary.status).toBe(422);
  });

  it("paginates lists with GitHub's link header so Octokit's paginate() sees every item", async () => {
    for (const title of ["a", "b", "c", "d", "e"])
      await scene.standIn.seed.openIssue(REPO, "alice", { title });
    const first = await scene.bot.rest.issues.listForRepo({ ...repo, per_page: 2 });
    expect(first.headers.link).toMatch(/page=2>; rel="next", <.*page=3>; rel="last"/);
    const all = await scene.bot.paginate(scene.bot.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all.map((i) => i.title)).toEqual(["e", "d", "c", "b", "a"]);
  });

  it("lists, creates and attaches labels, and filters issues by label and creator", async () => {
    await scene.bot.rest.issues.createLabel({ ...repo, name: "patch-request", color: "#0E8A16" });
    const number = await scene.standIn.seed.openIssue(REPO, "alice", {
      title: "x",
      labels: ["patch-request"],
    });
    await scene.standIn.seed.openIssue(REPO, "wes", { title: "y", labels: ["other"] });
    const { data: labels } = await scene.bot.rest.issues.listLabelsForRepo(repo);
    expect(labels.map((l) => [l.name, l.color])).toEqual([
      ["patch-request", "0e8a16"],
      ["other", "ededed"],
    ]);
    const { data: found } = await scene.bot.rest.issues.listForRepo({
      ...repo,
      labels: "patch-request",
      creator: "alice",
    });
    expect(found.map((i) => i.number)).toEqual([number]);
  });

  it("refuses a contents API commit onto a protected branch with GitHub's 409", async () => {
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: ["gate"] });
    const content = Buffer.from("new\n").toString("base64");
    const refused = await refusal(
      scene.alice.rest.repos.createOrUpdateFileContents({ ...repo, path: "new.txt", message: "m", content }),
    );
    expect(refused).toMatchObject({
      status: 409,
      data: { message: 'Could not create file: Required status check "gate" is expected.' },
    });
    expect(await scene.standIn.seed.readFile(REPO, "main", "new.txt")).toBeNull();
  });

  it("compares two refs like GitHub: ahead, behind, identical or diverged", async () => {
    await scene.standIn.seed.commit(REPO, "ahead", { "a.txt": "a\n" }, "a");
    const compare = async (basehead: string) => {
      const { data } = await scene.bot.rest.repos.compareCommitsWithBasehead({ ...repo, basehead });
      return [data.status, data.ahead_by, data.behind_by, data.commits.map((c) => c.commit.message)];
    };
    expect(await compare("main...ahead")).toEqual(["ahead", 1, 0, ["a"]]);
    expect(await compare("ahead...main")).toEqual(["behind", 0, 1, []]);
    expect(await compare("main...main")).toEqual(["identical", 0, 0, []]);
    await scene.standIn.seed.commit(REPO, "main", { "m.txt": "m\n" }, "m");
    expect(await compare("main...ahead")).toEqual(["diverged", 1, 1, ["a"]]);
  });

  it("serves a file's bytes for the raw media type, as Probot's config loader asks", async () => {
    const { data } = await scene.bot.rest.repos.getContent({
      ...repo,
      path: MANIFEST,
      mediaType: { format: "raw" },
    });
    expect(data).toBe("kind: Machine\nname: master-0\n");
  });

  it("lists a directory's entries through the contents API", async () => {
    const { data } = await scene.bot.rest.repos.getContent({ ...repo, path: "setup" });
    expect(Array.isArray(data) ? data.map((e) => [e.type, e.path]) : data).toEqual([["file", MANIFEST]]);
  });

  it("closes open pull requests whose head branch is deleted", async () => {
    await scene.standIn.seed.commit(REPO, "doomed", { [MANIFEST]: "doomed\n" }, "doomed");
    const { data: pull } = await scene.bot.rest.pulls.create({
      ...repo,
      title: "doomed",
      head: "doomed",
      base: "main",
    });
    await scene.bot.rest.git.deleteRef({ ...repo, ref: "heads/doomed" });
    const { data } = await scene.bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect({ state: data.state, merged: data.merged }).toEqual({ state: "closed", merged: false });
  });

  it("refuses to merge a branch that is behind a strictly protected base until it is updated", async () => {
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: [], strict: true });
    await scene.standIn.seed.commit(REPO, "behind", { "b.txt": "b\n" }, "b");
    const { data: pull } = await scene.bot.rest.pulls.create({
      ...repo,
      title: "behind",
      head: "behind",
      base: "main",
    });
    await scene.standIn.seed.commit(REPO, "main", { "m.txt": "m\n" }, "main moves on");
    expect(await refusal(scene.bot.rest.pulls.merge({ ...repo, pull_number: pull.number }))).toMatchObject({
      status: 409,
      data: { message: "Head branch is out of date. Review and try the merge again." },
    });
    await scene.bot.rest.pulls.updateBranch({
      ...repo,
      pull_number: pull.number,
      expected_head_sha: pull.head.sha,
    });
    const { data: updated } = await scene.bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(updated.mergeable_state).toBe("clean");
    await expect(
      scene.bot.rest.pulls.merge({ ...repo, pull_number: pull.number, sha: updated.head.sha }),
    ).resolves.toMatchObject({
      status: 200,
    });
  });

  it("links check runs to the open pull requests whose head is the checked commit", async () => {
    const head = await scene.standIn.seed.commit(REPO, "phase-2", { [MANIFEST]: "p2\n" }, "taint: worker-1");
    const { data: pull } = await scene.bot.rest.pulls.create({
      ...repo,
      title: "Phase 2",
      head: "phase-2",
      base: "main",
    });
    const { data: run } = await scene.bot.rest.checks.create({
      ...repo,
      name: "gate",
      head_sha: head,
      status: "queued",
    });
    expect(run.pull_requests.map((p) => [p.number, p.head.ref, p.base.ref])).toEqual([
      [pull.number, "phase-2", "main"],
    ]);
    const { data: commit } = await scene.bot.rest.repos.getCommit({ ...repo, ref: "phase-2" });
    expect({
      sha: commit.sha,
      message: commit.commit.message,
      files: commit.files?.map((f) => f.filename),
    }).toEqual({
      sha: head,
      message: "taint: worker-1",
      files: [MANIFEST],
    });
  });
});
