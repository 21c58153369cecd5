// What scheduled rollouts need from GitHub, through the port against the stand-in: a ref that only the first
// of several callers can create (the claim on an occurrence), and an issue listing limited to issues updated
// since an instant. Every exchange must match GitHub's published description.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOctokitPort } from "../../../src/github/octokit-port.js";
import type { GitHubPort } from "../../../src/github/port.js";
import { loadRestContract } from "./contract.js";
import { REPO, type Scene, startScene } from "./helpers.js";

describe("GitHubPort for schedules, against the stand-in", () => {
  let scene: Scene;
  let port: GitHubPort;
  let clock = Date.parse("2026-12-05T05:00:00Z");

  beforeAll(async () => {
    scene = await startScene({ record: true, now: () => new Date(clock) });
    port = createOctokitPort({
      octokit: scene.bot,
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: scene.standIn.cloneUrl(REPO, scene.botToken),
      token: async () => scene.botToken,
      workDir: await mkdtemp(join(tmpdir(), "npb-claims-")),
    });
  });
  afterAll(async () => {
    await scene.standIn.stop();
  });

  it("creates a ref once: the first of concurrent callers wins, the others learn it is taken", async () => {
    const sha = (await port.branchSha("main")) ?? "";
    const ref = "refs/node-patch-bot/schedules/first-saturday/20261205T050000Z";
    const results = await Promise.all([
      port.createRef(ref, sha),
      port.createRef(ref, sha),
      port.createRef(ref, sha),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await port.createRef(ref, sha)).toBe(false);
    expect(await scene.standIn.seed.resolve(REPO, ref)).toBe(sha);
  });

  it("still fails on refusals other than an existing ref (an unknown commit)", async () => {
    await expect(port.createRef("refs/node-patch-bot/x/y", "0".repeat(40))).rejects.toMatchObject({
      status: 422,
    });
  });

  it("lists only issues updated at or after `since`, open and closed", async () => {
    const early = await port.createIssue({ title: "early", body: "" });
    clock += 10 * 60_000;
    const later = await port.createIssue({ title: "later", body: "" });
    await port.updateIssue(later.number, { state: "closed" });
    const since = new Date(clock).toISOString();
    expect((await port.listIssues({ state: "all", since })).map((i) => i.title)).toEqual(["later"]);
    expect((await port.listIssues({ state: "all" })).map((i) => i.number)).toEqual([
      later.number,
      early.number,
    ]);
  });

  it("exchanged only what GitHub's REST description documents", () => {
    const contract = loadRestContract();
    const exchanges = scene.standIn.exchanges();
    expect(exchanges.map((e) => `${e.method} ${e.template} ${e.status}`)).toContain(
      "POST /repos/{owner}/{repo}/git/refs 422",
    );
    expect(exchanges.map((e) => contract.check(e)).filter((m) => m !== null)).toEqual([]);
  });
});
