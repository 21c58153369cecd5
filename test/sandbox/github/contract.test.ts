// Contract: every REST response the stand-in serves during a realistic rollout-shaped sequence, and every
// webhook it emits, matches GitHub's published descriptions (@octokit/openapi, @octokit/openapi-webhooks).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RequestError } from "@octokit/request-error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookDelivery } from "../../../src/sandbox/github/index.js";
import { loadRestContract, loadWebhookContract, type RestContract } from "./contract.js";
import { cloneRepo, FAKE_JWT, GATE, MANIFEST, octokit, type Scene, startScene } from "./helpers.js";

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: "" };
  } catch (error) {
    if (error instanceof RequestError) {
      const data = error.response?.data;
      const message =
        typeof data === "object" && data !== null && "message" in data ? String(data.message) : "";
      return { status: error.status, message };
    }
    throw error;
  }
}

describe("the GitHub stand-in honours GitHub's published contract", () => {
  let scene: Scene;
  const deliveries: WebhookDelivery[] = [];
  // GitHub's description is 13 MB: read it once for the whole file.
  let contract: RestContract;

  beforeAll(async () => {
    contract = loadRestContract();
    scene = await startScene({ record: true, webhooks: { secret: "s3cret" } });
    scene.standIn.webhooks.subscribe((d) => deliveries.push(d));
    await runRealisticSequence(scene);
  });
  afterAll(async () => {
    await scene.standIn.stop();
  });

  it("serves only responses that validate against the operation's documented schema for their status", () => {
    const exchanges = scene.standIn.exchanges();
    expect(exchanges.length).toBeGreaterThan(40);
    const mismatches = exchanges.map((e) => contract.check(e)).filter((m) => m !== null);
    expect(mismatches).toEqual([]);
  });

  it("would catch a response that strays from the description (the check is not vacuous)", () => {
    const pull = scene.standIn
      .exchanges()
      .find((e) => e.template === "/repos/{owner}/{repo}/pulls/{pull_number}");
    expect(pull).toBeDefined();
    if (pull === undefined || typeof pull.body !== "object" || pull.body === null) return;
    const withoutHead = Object.fromEntries(Object.entries(pull.body).filter(([key]) => key !== "head"));
    expect(contract.check({ ...pull, body: withoutHead })?.errors).toMatch(
      /must have required property 'head'/,
    );
    expect(contract.check({ ...pull, status: 201 })?.errors).toBe("status not documented for this operation");
    expect(contract.check({ ...pull, template: "/repos/{owner}/{repo}/teleport" })?.errors).toBe(
      "operation not in GitHub's REST description",
    );
  });

  it("covers the operations the app relies on, including the refusals", () => {
    const seen = new Set(scene.standIn.exchanges().map((e) => `${e.method} ${e.template} ${e.status}`));
    for (const expected of [
      "POST /app/installations/{installation_id}/access_tokens 201",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 405",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 409",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 200",
      "POST /repos/{owner}/{repo}/pulls 422",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 422",
      "GET /repos/{owner}/{repo}/git/ref/{ref} 404",
    ]) {
      expect(seen).toContain(expected);
    }
  });

  it("emits only webhook payloads that validate against GitHub's webhook schemas", () => {
    const contract = loadWebhookContract();
    const mismatches = deliveries.map((d) => contract.check(d)).filter((m) => m !== null);
    expect(mismatches).toEqual([]);
    const kinds = new Set(deliveries.map((d) => `${d.event}.${d.action ?? ""}`));
    for (const kind of [
      "installation.created",
      "issues.opened",
      "issues.labeled",
      "issues.closed",
      "issues.reopened",
      "issues.edited",
      "issues.unlabeled",
      "pull_request.labeled",
      "pull_request.unlabeled",
      "pull_request.reopened",
      "issue_comment.created",
      "issue_comment.edited",
      "issue_comment.deleted",
      "push.",
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.edited",
      "pull_request.closed",
      "check_run.created",
      "check_run.completed",
    ]) {
      expect(kinds).toContain(kind);
    }
  });
});

async function runRealisticSequence(scene: Scene): Promise<void> {
  const { standIn, bot, alice, owner } = scene;
  const repo = { owner: "acme", repo: "cluster" };
  standIn.seed.protectBranch("acme/cluster", "main", { contexts: [GATE] });
  standIn.seed.installApp("globex", { emit: true });

  // The app authenticates as itself, then as the installation.
  const app = octokit(standIn, FAKE_JWT);
  await app.rest.apps.listInstallations();
  const { data: installation } = await app.rest.apps.getRepoInstallation(repo);
  const { data: token } = await app.rest.apps.createInstallationAccessToken({
    installation_id: installation.id,
  });
  const asApp = octokit(standIn, token.token);
  await asApp.rest.repos.get(repo);
  await asApp.rest.repos.getContent({ ...repo, path: MANIFEST });
  await asApp.rest.repos.getContent({ ...repo, path: MANIFEST, mediaType: { format: "raw" } });
  await asApp.rest.apps.listReposAccessibleToInstallation();
  await statusOf(asApp.rest.repos.getContent({ ...repo, path: "missing.yaml" }));
  const { data: mainRef } = await bot.rest.git.getRef({ ...repo, ref: "heads/main" });
  await bot.rest.repos.getBranch({ ...repo, branch: "main" });
  await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" });

  // A person asks for a patch; the bot answers, labels and reacts.
  const { data: issue } = await alice.rest.issues.create({
    ...repo,
    title: "Patch workers",
    body: "strategy: replace",
  });
  await bot.rest.reactions.createForIssue({ ...repo, issue_number: issue.number, content: "eyes" });
  const { data: comment } = await bot.rest.issues.createComment({
    ...repo,
    issue_number: issue.number,
    body: "Plan",
  });
  await bot.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "Plan (updated)" });
  await alice.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "+1" });
  await bot.rest.issues.addLabels({
    ...repo,
    issue_number: issue.number,
    labels: ["patch-request", "approved"],
  });
  await bot.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "approved" });
  await statusOf(bot.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "approved" }));
  await bot.rest.issues.listComments({ ...repo, issue_number: issue.number });
  await bot.rest.issues.listForRepo({ ...repo, labels: "patch-request", state: "all" });
  await bot.rest.issues.get({ ...repo, issue_number: issue.number });
  const { data: gone } = await alice.rest.issues.createComment({
    ...repo,
    issue_number: issue.number,
    body: "oops",
  });
  await alice.rest.issues.deleteComment({ ...repo, comment_id: gone.id });

  // Phase branch: created over REST, then a commit pushed with real git, then one through the contents API.
  const branch = "node-patch-bot/phase-1";
  await bot.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: mainRef.object.sha });
  const { dir, git } = await cloneRepo(standIn, scene.botToken);
  await git.checkout(branch);
  await writeFile(join(dir, MANIFEST), "kind: Machine\nname: master-0\n---\nkind: Machine\nname: worker-1\n");
  await git.add(MANIFEST).commit("add: worker-1");
  await git.push("origin", branch);
  await bot.rest.git.listMatchingRefs({ ...repo, ref: "heads/node-patch-bot/" });
  const { data: pr } = await bot.rest.pulls.create({
    ...repo,
    title: "Phase 1: add",
    head: branch,
    base: "main",
  });
  await statusOf(bot.rest.pulls.create({ ...repo, title: "again", head: `acme:${branch}`, base: "main" }));
  const { data: file } = await bot.rest.repos.getContent({ ...repo, path: "README.md", ref: branch });
  const fileSha = "sha" in file ? file.sha : "";
  await bot.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: "README.md",
    branch,
    sha: fileSha,
    message: "docs: phase note",
    content: Buffer.from("cluster\nphase 1\n").toString("base64"),
  });
  await bot.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: "notes/phase-1.md",
    branch,
    message: "docs: new file",
    content: Buffer.from("hello\n").toString("base64"),
  });
  await bot.rest.pulls.list({ ...repo, head: `acme:${branch}`, state: "open" });
  const { data: current } = await bot.rest.pulls.get({ ...repo, pull_number: pr.number });
  await bot.rest.pulls.listCommits({ ...repo, pull_number: pr.number });
  await bot.rest.pulls.listFiles({ ...repo, pull_number: pr.number });
  await bot.rest.pulls.update({ ...repo, pull_number: pr.number, body: "Adds worker-1" });

  // The gate: a person cannot merge before the required check passes.
  const headSha = current.head.sha;
  const { data: run } = await bot.rest.checks.create({
    ...repo,
    name: GATE,
    head_sha: headSha,
    status: "in_progress",
  });
  await statusOf(alice.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: headSha }));
  await bot.rest.checks.update({
    ...repo,
    check_run_id: run.id,
    conclusion: "failure",
    output: { title: "t", summary: "s" },
  });
  await statusOf(alice.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: headSha }));
  await bot.rest.checks.create({
    ...repo,
    name: GATE,
    head_sha: headSha,
    conclusion: "success",
    output: { title: "ok", summary: "ok" },
  });
  await bot.rest.checks.listForRef({ ...repo, ref: headSha, check_name: GATE });
  await bot.rest.checks.get({ ...repo, check_run_id: run.id });
  await bot.rest.repos.createCommitStatus({ ...repo, sha: headSha, state: "success", context: "ci/lint" });
  await bot.rest.repos.getCombinedStatusForRef({ ...repo, ref: headSha });
  await statusOf(bot.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: mainRef.object.sha }));
  await bot.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: headSha, merge_method: "merge" });
  await bot.rest.pulls.get({ ...repo, pull_number: pr.number });

  // Ref housekeeping, and the refusals GitHub gives.
  await statusOf(bot.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: mainRef.object.sha }));
  await bot.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
  await statusOf(bot.rest.git.getRef({ ...repo, ref: `heads/${branch}` }));
  await bot.rest.issues.update({ ...repo, issue_number: issue.number, state: "closed", labels: ["done"] });
  await bot.rest.issues.createLabel({
    ...repo,
    name: "phase",
    color: "0e8a16",
    description: "A rollout phase",
  });
  await statusOf(bot.rest.issues.createLabel({ ...repo, name: "phase" }));
  await bot.rest.issues.listLabelsForRepo(repo);
  await bot.rest.issues.getLabel({ ...repo, name: "phase" });
  await bot.paginate(bot.rest.issues.listForRepo, { ...repo, state: "all", per_page: 1 });
  await bot.rest.repos.getContent({ ...repo, path: "setup" });
  await bot.rest.pulls.list({ ...repo, state: "all" });
  await bot.rest.repos.getCommit({ ...repo, ref: "main" });
  await bot.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...${mainRef.object.sha}` });
  const onMain = {
    ...repo,
    path: "direct.txt",
    message: "direct",
    content: Buffer.from("x").toString("base64"),
  };
  await statusOf(alice.rest.repos.createOrUpdateFileContents(onMain));
  await standIn.seed.commit("acme/cluster", "phase-2", { "b.txt": "b\n" }, "phase 2");
  const { data: pr2 } = await bot.rest.pulls.create({
    ...repo,
    title: "Phase 2",
    head: "phase-2",
    base: "main",
  });
  await bot.rest.checks.create({ ...repo, name: GATE, head_sha: pr2.head.sha, status: "queued" });
  await standIn.seed.commit("acme/cluster", "main", { "c.txt": "c\n" }, "main moves");
  await bot.rest.pulls.updateBranch({ ...repo, pull_number: pr2.number });
  await statusOf(bot.rest.pulls.updateBranch({ ...repo, pull_number: pr2.number }));
  await bot.rest.issues.addLabels({ ...repo, issue_number: pr2.number, labels: ["phase"] });
  await bot.rest.issues.removeLabel({ ...repo, issue_number: pr2.number, name: "phase" });
  await bot.rest.pulls.update({
    ...repo,
    pull_number: pr2.number,
    title: "Phase 2 (retitled)",
    state: "closed",
  });
  await bot.rest.pulls.update({ ...repo, pull_number: pr2.number, state: "open" });
  await alice.rest.issues.update({
    ...repo,
    issue_number: issue.number,
    state: "open",
    title: "Patch workers again",
  });
  await owner.rest.repos.updateBranchProtection({
    ...repo,
    branch: "main",
    required_status_checks: { strict: true, contexts: [GATE] },
    enforce_admins: null,
    required_pull_request_reviews: null,
    restrictions: null,
  });
  await owner.rest.repos.getBranchProtection({ ...repo, branch: "main" });
  await standIn.webhooks.idle();
}
