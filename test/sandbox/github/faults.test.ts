// Fault injection and request counters: tests decide when GitHub misbehaves, and measure REST calls per phase.
import { RequestError } from "@octokit/request-error";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("fault injection", () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await startScene();
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("fails the next N matching requests with a server error, then recovers", async () => {
    const fault = scene.standIn.injectFault({
      kind: "server-error",
      method: "GET",
      path: "/repos/{owner}/{repo}",
      times: 2,
    });
    expect((await failure(scene.bot.rest.repos.get(repo))).status).toBe(502);
    expect((await failure(scene.bot.rest.repos.get(repo))).status).toBe(502);
    expect(fault.remaining()).toBe(0);
    await expect(scene.bot.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
  });

  it("matches by method and by a regular expression on the request path", async () => {
    scene.standIn.injectFault({ kind: "server-error", status: 503, method: "POST", path: /\/issues$/ });
    await expect(scene.bot.rest.issues.listForRepo(repo)).resolves.toMatchObject({ status: 200 });
    expect((await failure(scene.bot.rest.issues.create({ ...repo, title: "x" }))).status).toBe(503);
  });

  it("answers a secondary rate limit as GitHub does: 403, retry-after, and its message", async () => {
    scene.standIn.injectFault({
      kind: "secondary-rate-limit",
      path: "/repos/{owner}/{repo}/issues",
      retryAfterSeconds: 30,
    });
    const error = await failure(scene.bot.rest.issues.create({ ...repo, title: "x" }));
    expect(error.status).toBe(403);
    expect(error.response?.headers["retry-after"]).toBe("30");
    expect(error.message).toMatch(/secondary rate limit/);
  });

  it("answers a primary rate limit with 429 and exhausted x-ratelimit headers", async () => {
    scene.standIn.injectFault({
      kind: "rate-limit",
      path: "/repos/{owner}/{repo}/pulls",
      retryAfterSeconds: 5,
    });
    const error = await failure(scene.bot.rest.pulls.list(repo));
    expect(error.status).toBe(429);
    expect(error.response?.headers).toMatchObject({
      "retry-after": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-limit": "5000",
    });
  });

  it("lets Probot's Octokit honour retry-after and succeed on its retry", async () => {
    const octokit = new ProbotOctokit({
      auth: { token: scene.botToken },
      baseUrl: scene.standIn.url,
      throttle: { onRateLimit: () => true, onSecondaryRateLimit: () => true },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    scene.standIn.injectFault({
      kind: "secondary-rate-limit",
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      retryAfterSeconds: 1,
    });
    const { data } = await octokit.rest.issues.create({ ...repo, title: "after the limit" });
    expect(data.title).toBe("after the limit");
    expect(scene.standIn.counters()["POST /repos/{owner}/{repo}/issues"]).toBe(2);
  });

  it("holds a matching request without failing it, so tests decide which request lands first", async () => {
    let release = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    scene.standIn.injectFault({ kind: "delay", path: "/repos/{owner}/{repo}", until });
    const order: string[] = [];
    const held = scene.bot.rest.repos.get(repo).then(() => order.push("held"));
    await scene.bot.rest.issues.listForRepo(repo).then(() => order.push("plain"));
    release();
    await held;
    expect(order).toEqual(["plain", "held"]);
  });
});

describe("request counters", () => {
  it("count REST calls per endpoint template, and reset between phases", async () => {
    const scene = await startScene();
    await scene.bot.rest.repos.get(repo);
    await scene.bot.rest.issues.create({ ...repo, title: "a" });
    await scene.bot.rest.issues.create({ ...repo, title: "b" });
    await scene.bot.rest.issues.createComment({ ...repo, issue_number: 1, body: "c" });
    expect(scene.standIn.counters()).toEqual({
      "GET /repos/{owner}/{repo}": 1,
      "POST /repos/{owner}/{repo}/issues": 2,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    });
    scene.standIn.resetCounters();
    await scene.bot.rest.issues.get({ ...repo, issue_number: 2 });
    expect(scene.standIn.counters()).toEqual({ "GET /repos/{owner}/{repo}/issues/{issue_number}": 1 });
    await scene.standIn.stop();
  });
});
