// Pull requests, merges and check runs through the port against the GitHub stand-in: one PR per head however
// often it is opened, merges refused by branch protection or a moved head reported as outcomes, and check
// runs written only when what they say changes.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { CheckRunRequest, GitHubPort } from "../../src/github/port.js";
import { GATE, MANIFEST, REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

const repo = { owner: "acme", repo: "cluster" };
const CREATE_CHECK = "POST /repos/{owner}/{repo}/check-runs";
const UPDATE_CHECK = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";

describe("GitHubPort over Octokit: pull requests, merges, check runs", () => {
  let scene: Scene;
  let port: GitHubPort;
  let main: string;

  beforeEach(async () => {
    scene = await startScene();
    main = (await scene.standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
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

  async function phase(branch: string, content: string) {
    const sha = await port.commitFiles({
      branch,
      baseSha: main,
      files: [{ path: MANIFEST, content }],
      message: `phase ${branch}`,
      date: "2026-03-01T10:00:00Z",
    });
    const pull = await port.openPull({
      head: branch,
      base: "main",
      title: `[node-patch] ${branch}`,
      body: "phase",
      labels: ["node-patch"],
    });
    return { sha, pull };
  }

  const gate = (headSha: string, over: Partial<CheckRunRequest> = {}): CheckRunRequest => ({
    name: GATE,
    headSha,
    status: "in_progress",
    title: "Waiting for worker-1",
    summary: "worker-1 is NotReady",
    ...over,
  });

  it("opens one pull request per head however often it is asked, labelled, and lists them by prefix", async () => {
    const { sha, pull } = await phase("node-patch/r1/phase-1", "one\n");
    expect(pull).toEqual({
      number: pull.number,
      state: "open",
      merged: false,
      headRef: "node-patch/r1/phase-1",
      headSha: sha,
      headRepo: "acme/cluster",
      baseRef: "main",
      title: "[node-patch] node-patch/r1/phase-1",
      body: "phase",
      htmlUrl: expect.stringContaining(`/acme/cluster/pull/${pull.number}`),
    });
    const again = await port.openPull({ head: "node-patch/r1/phase-1", base: "main", title: "x", body: "y" });
    expect(again).toEqual(pull);
    expect(scene.standIn.counters()["POST /repos/{owner}/{repo}/pulls"]).toBe(2);
    expect((await port.getIssue(pull.number)).labels).toEqual(["node-patch"]);
    await phase("other/branch", "two\n");
    expect((await port.listPulls("node-patch/r1/")).map((p) => p.number)).toEqual([pull.number]);
    await port.updatePull(pull.number, { state: "closed", body: "superseded" });
    expect(await port.listPulls("node-patch/r1/")).toMatchObject([
      { state: "closed", merged: false, body: "superseded" },
    ]);
  });

  it("rethrows a refusal to open that is not a duplicate (no commits between the branches)", async () => {
    await scene.standIn.seed.commit(REPO, "empty", {}, "nothing");
    await scene.bot.rest.git.updateRef({ ...repo, ref: "heads/empty", sha: main, force: true });
    await expect(port.openPull({ head: "empty", base: "main", title: "t", body: "b" })).rejects.toThrow(
      /Validation Failed/,
    );
  });

  it("writes a check run once, again only when status, conclusion or output change", async () => {
    const { sha } = await phase("node-patch/r1/phase-1", "one\n");
    await port.upsertCheckRun(gate(sha));
    await port.upsertCheckRun(gate(sha));
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    expect(scene.standIn.counters()[UPDATE_CHECK]).toBeUndefined();
    await port.upsertCheckRun(gate(sha, { summary: "worker-1 is Ready", text: "details" }));
    await port.upsertCheckRun(gate(sha, { summary: "worker-1 is Ready", text: "details" }));
    await port.upsertCheckRun(gate(sha, { status: "completed", conclusion: "success", summary: "ok" }));
    await port.upsertCheckRun(gate(sha, { status: "completed", conclusion: "success", summary: "ok" }));
    expect(scene.standIn.counters()[UPDATE_CHECK]).toBe(2);
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    const { data } = await scene.bot.rest.checks.listForRef({ ...repo, ref: sha });
    expect(data.check_runs.map((r) => [r.name, r.status, r.conclusion, r.output.summary])).toEqual([
      [GATE, "completed", "success", "ok"],
    ]);
    await port.upsertCheckRun(gate(sha, { status: "queued", summary: "re-checking" }));
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(2);
    const { data: latest } = await scene.bot.rest.checks.listForRef({ ...repo, ref: sha });
    expect(latest.check_runs.map((r) => [r.status, r.output.summary])).toEqual([["queued", "re-checking"]]);
    await expect(port.upsertCheckRun(gate(sha, { status: "completed" }))).rejects.toThrow(
      "a completed check run needs a conclusion",
    );
  });

  it("writes the first check run of a pull request it just opened without reading the runs first", async () => {
    const LIST_CHECKS = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
    const { sha } = await phase("node-patch/r1/phase-1", "one\n");
    await port.upsertCheckRun(gate(sha));
    expect(scene.standIn.counters()[LIST_CHECKS]).toBeUndefined();
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    // From then on the run exists: it is read, and an unchanged one is not written again.
    await port.upsertCheckRun(gate(sha));
    expect(scene.standIn.counters()[LIST_CHECKS]).toBe(1);
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    // A pull request that existed already (opened again, as a repeated event does) is read first.
    const again = await port.openPull({ head: "node-patch/r1/phase-1", base: "main", title: "x", body: "y" });
    await port.upsertCheckRun(gate(again.headSha, { summary: "changed" }));
    expect(scene.standIn.counters()[LIST_CHECKS]).toBe(2);
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    expect(scene.standIn.counters()[UPDATE_CHECK]).toBe(1);
  });

  it("cuts check run output to 65,535 UTF-8 bytes without splitting a character, and compares after cutting", async () => {
    const { sha } = await phase("node-patch/r1/phase-1", "one\n");
    const long = gate(sha, { summary: "é".repeat(40_000), text: "🚀".repeat(20_000) });
    await port.upsertCheckRun(long);
    await port.upsertCheckRun(long);
    expect(scene.standIn.counters()[CREATE_CHECK]).toBe(1);
    expect(scene.standIn.counters()[UPDATE_CHECK]).toBeUndefined();
    const { data } = await scene.bot.rest.checks.listForRef({ ...repo, ref: sha });
    const output = data.check_runs[0]?.output;
    expect(Buffer.byteLength(output?.summary ?? "")).toBeLessThanOrEqual(65_535);
    expect(output?.summary).toMatch(
      /^é+\n\n_\(truncated: \d+ more bytes did not fit in GitHub's check run limit\)_$/,
    );
    expect(output?.text).toMatch(/^(🚀)+\n\n_\(truncated: /);
  });

  it("reports a merge refused by branch protection (405) until the gate succeeds, then merges", async () => {
    scene.standIn.seed.protectBranch(REPO, "main", { contexts: [GATE] });
    const { sha, pull } = await phase("node-patch/r1/phase-1", "one\n");
    expect(await port.mergePull(pull.number, sha, "merge")).toEqual({
      merged: false,
      status: 405,
      reason: `Required status check "${GATE}" is expected.`,
    });
    await port.upsertCheckRun(gate(sha, { status: "completed", conclusion: "failure" }));
    expect(await port.mergePull(pull.number, sha, "merge")).toMatchObject({
      status: 405,
      reason: `Required status check "${GATE}" is failing.`,
    });
    await port.upsertCheckRun(
      gate(sha, { status: "completed", conclusion: "success", summary: "converged" }),
    );
    const merged = await port.mergePull(pull.number, sha, "merge");
    expect(merged).toEqual({ merged: true, sha: await scene.standIn.seed.resolve(REPO, "refs/heads/main") });
    const [after] = await port.listPulls("node-patch/r1/");
    expect(after).toMatchObject({
      state: "closed",
      merged: true,
      mergeCommitSha: merged.merged ? merged.sha : "",
    });
    expect(after?.mergedAt).toEqual(expect.any(String));
  });

  it("reports a merge with a stale head sha as a 409 outcome after the branch was force-moved", async () => {
    const { sha, pull } = await phase("node-patch/r1/phase-1", "one\n");
    const moved = await scene.standIn.seed.commit(REPO, "main", { "other.txt": "x\n" }, "someone else");
    await port.commitFiles({
      branch: "node-patch/r1/phase-1",
      baseSha: moved,
      files: [{ path: MANIFEST, content: "one\n" }],
      message: "phase again",
      date: "2026-03-01T10:00:00Z",
    });
    expect(await port.mergePull(pull.number, sha, "squash")).toEqual({
      merged: false,
      status: 409,
      reason: "Head branch was modified. Review and try the merge again.",
    });
  });
});
