// `GET /repos/{owner}/{repo}/commits/{ref}/statuses` in the stand-in: every status of the commit, newest first,
// each naming its creator (which the combined status does not), paged as GitHub pages lists, and every answer
// shaped as GitHub's REST description documents it. The App relies on the creator to trust only its agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRestContract, type RestContract } from "./contract.js";
import { REPO, type Scene, startScene } from "./helpers.js";

const TEMPLATE = "/repos/{owner}/{repo}/commits/{ref}/statuses";
const repo = { owner: "acme", repo: "cluster" };
const CONTEXT = "node-patch-bot/agent/prod";

describe("the list of a commit's statuses", () => {
  let scene: Scene;
  let contract: RestContract;
  let main: string;

  beforeAll(async () => {
    contract = loadRestContract();
    scene = await startScene({ record: true });
    main = (await scene.standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
    const set = (as: Scene["bot"], state: "pending" | "success", description: string) =>
      as.rest.repos.createCommitStatus({ ...repo, sha: main, context: CONTEXT, state, description });
    await set(scene.bot, "pending", "waiting");
    await set(scene.bot, "success", "passed");
    // Anyone with write access can set a status on any context: only the creator tells them apart.
    await set(scene.alice, "success", "forged");
  });
  afterAll(async () => {
    await scene.standIn.stop();
  });

  it("answers every status, newest first, each with the login that wrote it", async () => {
    const { data } = await scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: main });
    expect(data.map((s) => [s.state, s.description, s.creator?.login])).toEqual([
      ["success", "forged", "alice"],
      ["success", "passed", "node-patch-bot[bot]"],
      ["pending", "waiting", "node-patch-bot[bot]"],
    ]);
    const byBranch = await scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: "main" });
    expect(byBranch.data).toEqual(data);
  });

  it("pages the list with a link header that Octokit's paginate follows", async () => {
    const first = await scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: main, per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    const all = await scene.bot.paginate(scene.bot.rest.repos.listCommitStatusesForRef, {
      ...repo,
      ref: main,
      per_page: 2,
    });
    expect(all.map((s) => s.description)).toEqual(["forged", "passed", "waiting"]);
  });

  it("is empty for a commit without statuses, and GitHub's 422 for an unknown ref", async () => {
    const bare = await scene.standIn.seed.commit(REPO, "main", { "other.txt": "x" }, "Another commit");
    const { data } = await scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: bare });
    expect(data).toEqual([]);
    await expect(
      scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: "no-such-branch" }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("serves only answers that validate against GitHub's description of the operation", () => {
    const exchanges = scene.standIn.exchanges().filter((e) => e.template === TEMPLATE);
    expect(exchanges.map((e) => e.status)).toContain(200);
    expect(exchanges.map((e) => contract.check(e)).filter((m) => m !== null)).toEqual([]);
    // The check is not vacuous: a status without its creator strays from the description.
    const listed = exchanges.find((e) => e.status === 200 && Array.isArray(e.body) && e.body.length > 0);
    if (listed === undefined || !Array.isArray(listed.body)) throw new Error("no listing recorded");
    const withoutCreator = listed.body.map((s: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(s).filter(([k]) => k !== "creator")),
    );
    expect(contract.check({ ...listed, body: withoutCreator })?.errors).toMatch(/creator/);
  });
});
