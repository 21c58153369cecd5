// Conditional requests against the GitHub stand-in: a repeated GET carries the ETag it was answered with, a
// 304 is served from the store (and not counted as a rate-limited call), and a change is seen at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConditionalStore, useConditionalRequests } from "../../src/github/conditional.js";
import { NOT_MODIFIED } from "../../src/sandbox/github/dispatch.js";
import { MANIFEST, REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

const repo = { owner: "acme", repo: "cluster" };
const COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";

describe("conditional GETs", () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await startScene();
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("answer an unchanged resource from the store with a 304, and a changed one in full", async () => {
    const store = createConditionalStore();
    useConditionalRequests(scene.bot, store);
    useConditionalRequests(scene.bot, store); // wrapping twice must not ask twice
    const issue = await scene.standIn.seed.openIssue(REPO, "alice", { title: "t", body: "b" });
    scene.standIn.seed.comment(REPO, "alice", issue, "first");
    const list = async () =>
      (await scene.bot.rest.issues.listComments({ ...repo, issue_number: issue })).data.map((c) => c.body);
    expect(await list()).toEqual(["first"]);
    expect(await list()).toEqual(["first"]);
    expect(scene.standIn.counters()).toMatchObject({ [COMMENTS]: 1, [`${COMMENTS}${NOT_MODIFIED}`]: 1 });
    scene.standIn.seed.comment(REPO, "alice", issue, "second");
    expect(await list()).toEqual(["first", "second"]);
    expect(scene.standIn.counters()).toMatchObject({ [COMMENTS]: 2, [`${COMMENTS}${NOT_MODIFIED}`]: 1 });
  });

  it("keeps the raw and the JSON form of a file apart, and forgets the least recently used answers", async () => {
    const store = createConditionalStore(2);
    useConditionalRequests(scene.bot, store);
    const raw = await scene.bot.rest.repos.getContent({
      ...repo,
      path: MANIFEST,
      mediaType: { format: "raw" },
    });
    const json = await scene.bot.rest.repos.getContent({ ...repo, path: MANIFEST });
    expect(typeof raw.data).toBe("string");
    expect(Array.isArray(json.data) || typeof json.data === "string" ? "" : json.data.type).toBe("file");
    expect(store.entries.size).toBe(2);
    await scene.bot.rest.repos.get(repo);
    expect(store.entries.size).toBe(2);
    // The raw answer was the oldest: asked again, it is a full request.
    await scene.bot.rest.repos.getContent({ ...repo, path: MANIFEST, mediaType: { format: "raw" } });
    const contents = "GET /repos/{owner}/{repo}/contents/{path}";
    expect(scene.standIn.counters()[contents]).toBe(3);
    expect(scene.standIn.counters()[`${contents}${NOT_MODIFIED}`]).toBeUndefined();
  });

  it("never makes writes conditional", async () => {
    const store = createConditionalStore();
    useConditionalRequests(scene.bot, store);
    const issue = await scene.standIn.seed.openIssue(REPO, "alice", { title: "t", body: "b" });
    await scene.bot.rest.issues.createComment({ ...repo, issue_number: issue, body: "x" });
    await scene.bot.rest.issues.createComment({ ...repo, issue_number: issue, body: "x" });
    expect(scene.standIn.counters()["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]).toBe(2);
    expect(store.entries.size).toBe(0);
  });
});
