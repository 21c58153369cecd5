// The stand-in's contract under trouble: while the real app runs a rollout, installation events arrive, people
// try to merge too early and with a stale head, and every kind of failure GitHub gives (5xx, secondary and
// primary rate limits) hits the app's next request. Every REST answer the stand-in gave and every webhook it
// emitted in that run is checked against GitHub's published descriptions. (rollout.test.ts checks its clean
// replace and in-place rollouts the same way.)
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../src/sandbox/demo.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { dashboard, pulls } from "./app-helpers.js";
import { contractMismatches } from "./contract-helpers.js";
import { runUntilClosed } from "./world-helpers.js";

const CHECK = "node-patch-bot/example";
const REQUEST = `\`\`\`yaml\nstrategy: in-place\nmachines:\n  names: [worker-1]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n\`\`\`\n`;
/** A failure of each kind GitHub gives, each on the first request the app makes to one of its endpoints. */
const FAULTS = [
  { kind: "server-error", status: 502, method: "POST", path: "/repos/{owner}/{repo}/pulls" },
  {
    kind: "server-error",
    status: 500,
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
  },
  { kind: "server-error", status: 503, method: "POST", path: "/repos/{owner}/{repo}/check-runs" },
  { kind: "secondary-rate-limit", method: "PUT", path: "/repos/{owner}/{repo}/pulls/{pull_number}/merge" },
  { kind: "rate-limit", status: 429, method: "GET", path: "/repos/{owner}/{repo}/issues" },
  { kind: "rate-limit", status: 403, method: "GET", path: "/repos/{owner}/{repo}/contents/{path}" },
] as const;

/** The status GitHub answered (200 when it did not refuse). */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 0;
  }
}

describe("the stand-in keeps GitHub's contract through a rollout with failures", { timeout: 600_000 }, () => {
  let world: LocalWorld;

  beforeAll(async () => {
    const w = await startLocalWorld({ ...demoWorld(), record: true });
    world = w;
    w.sim.patchWhenDisrupted("worker-1", PATCHED_IMAGE);
    const [owner = "", repo = ""] = w.fullName.split("/");
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const alice = new Octokit({ baseUrl: w.github.url, auth: w.github.seed.userToken("alice"), log: silent });
    w.github.seed.protectBranch(w.fullName, "main", { contexts: [CHECK] });

    // Installation events: another account installs the app on a repository with a manifest (so the app
    // onboards it), and the first account's repository is added to its installation.
    await w.github.seed.createRepo({
      owner: "globex",
      name: "infra",
      files: { "machines.yaml": DEMO_MANIFEST },
      install: false,
    });
    w.github.seed.installApp("globex", { emit: true });
    w.github.seed.announceRepositories("acme", [w.fullName]);
    await w.step();

    const issue = await w.github.seed.openIssue(w.fullName, "alice", { title: "Kernel", body: REQUEST });
    await w.step();
    w.github.seed.comment(w.fullName, "bob", issue, "/patch approve");
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");
    await w.github.webhooks.flush();
    // A person merges the first phase before its check exists (405), then names a stale head (409).
    const first = pulls(w)[0]?.number ?? 0;
    const merge = (sha?: string) =>
      statusOf(alice.rest.pulls.merge({ owner, repo, pull_number: first, ...(sha ? { sha } : {}) }));
    expect(await merge()).toBe(405);
    expect(await merge("0".repeat(40))).toBe(409);
    for (const fault of FAULTS) w.github.injectFault(fault);
    await runUntilClosed(w, issue);

    // What people and the app read besides: the app itself, the dashboard comment, a deleted comment, and a
    // label that exists already.
    await (await w.probot.auth()).rest.apps.getAuthenticated();
    const installation = await w.probot.auth(w.github.seed.installationId("acme"));
    const dashboardId = [...w.github.seed.repo(w.fullName).comments.values()].find(
      (c) => c.issueNumber === issue && c.body === dashboard(w, issue),
    )?.id;
    await installation.rest.issues.getComment({ owner, repo, comment_id: dashboardId ?? 0 });
    const gone = w.github.seed.comment(w.fullName, "alice", issue, "thanks!");
    await alice.rest.issues.deleteComment({ owner, repo, comment_id: gone });
    expect(await statusOf(alice.rest.issues.getComment({ owner, repo, comment_id: gone }))).toBe(404);
    expect(await statusOf(alice.rest.issues.createLabel({ owner, repo, name: "node-patch" }))).toBe(422);
    await w.github.webhooks.idle();
  }, 600_000);

  afterAll(async () => {
    await world?.stop();
  });

  it("every REST answer and every webhook validates against GitHub's descriptions", () => {
    expect(world.github.exchanges().length).toBeGreaterThan(150);
    expect(contractMismatches(world)).toEqual({ rest: [], webhooks: [] });
  });

  it("the run had the app's reads and writes, GitHub's refusals and every injected failure", () => {
    const exchanges = world.github.exchanges();
    const seen = new Set(exchanges.map((e) => `${e.method} ${e.template} ${e.status}`));
    // (Branch heads and files at a commit the app reads through git, not REST: see port-issues.test.ts.)
    for (const expected of [
      "GET /app 200",
      "GET /app/installations 200",
      "GET /installation/repositories 200",
      "GET /repos/{owner}/{repo}/contents/{path} 404",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} 200",
      "GET /repos/{owner}/{repo}/issues/comments/{comment_id} 200",
      "GET /repos/{owner}/{repo}/issues/comments/{comment_id} 404",
      "POST /repos/{owner}/{repo}/labels 422",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 405",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 409",
      "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 200",
      "POST /repos/{owner}/{repo}/pulls 201",
      "POST /repos/{owner}/{repo}/check-runs 201",
      "POST /app/installations/{installation_id}/access_tokens 201",
    ]) {
      expect(seen).toContain(expected);
    }
    // Each failure was served once, where it was aimed, and the rollout still went to its end.
    expect(
      exchanges
        .filter((e) => e.injected)
        .map((e) => `${e.method} ${e.template} ${e.status}`)
        .sort(),
    ).toEqual(FAULTS.map((f) => `${f.method} ${f.path} ${"status" in f ? f.status : 403}`).sort());
  });

  it("the run emitted the installation, issue, comment, pull request, check run and push events", () => {
    const kinds = new Set(world.github.webhooks.deliveries().map((d) => `${d.event}.${d.action ?? ""}`));
    for (const kind of [
      "installation.created",
      "installation_repositories.added",
      "issues.opened",
      "issues.labeled",
      "issues.closed",
      "issue_comment.created",
      "issue_comment.edited",
      "issue_comment.deleted",
      "pull_request.opened",
      "pull_request.closed",
      "pull_request.labeled",
      "check_run.created",
      "push.",
    ]) {
      expect(kinds).toContain(kind);
    }
  });
});
