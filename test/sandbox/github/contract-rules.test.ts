// The contract checker's two allowances for what GitHub does and its description does not say, each proved
// narrow: a conditional GET answered 304 without a body, and a null label description in GET /pulls
// (github/rest-api-description#1812). Everything next to them is still checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedExchange } from "../../../src/sandbox/github/index.js";
import { loadRestContract, type RestContract } from "./contract.js";
import { type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

describe("the contract checker's allowances", () => {
  let scene: Scene;
  let contract: RestContract;
  const last = (template: string, status: number): RecordedExchange => {
    const found = scene.standIn
      .exchanges()
      .filter((e) => e.template === template && e.status === status)
      .at(-1);
    if (found === undefined) throw new Error(`no ${template} -> ${status} recorded`);
    return found;
  };

  beforeAll(async () => {
    contract = loadRestContract();
    scene = await startScene({ record: true });
  }, 60_000);
  afterAll(async () => {
    await scene.standIn.stop();
  });

  it("a label added by name has a null description in GET /pulls, as on GitHub; other types still fail", async () => {
    await scene.standIn.seed.commit("acme/cluster", "phase-1", { "a.txt": "a\n" }, "phase 1");
    const { data: pr } = await scene.bot.rest.pulls.create({
      ...repo,
      title: "P",
      head: "phase-1",
      base: "main",
    });
    await scene.bot.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: ["node-patch"] });
    const { data: listed } = await scene.bot.rest.pulls.list(repo);
    expect(listed[0]?.labels.map((l) => [l.name, l.description])).toEqual([["node-patch", null]]);

    const exchange = last("/repos/{owner}/{repo}/pulls", 200);
    expect(contract.check(exchange)).toBeNull();
    const body = exchange.body as { labels: Record<string, unknown>[] }[];
    const withLabel = (patch: Record<string, unknown>) => [
      { ...body[0], labels: [{ ...body[0]?.labels[0], ...patch }] },
    ];
    expect(
      contract.check({ ...exchange, body: withLabel({ description: "Phase of a rollout" }) }),
    ).toBeNull();
    expect(
      contract.check({ ...exchange, body: withLabel({ description: 42 }) })?.errors,
    ).toMatchInlineSnapshot(`
      "data/0/labels/0/description must be null
      data/0/labels/0/description must be string
      data/0/labels/0/description must match a schema in anyOf"
    `);
    // Only the description was relaxed: the label's other fields are held to the description as before.
    expect(contract.check({ ...exchange, body: withLabel({ name: null }) })?.errors).toMatchInlineSnapshot(
      `"data/0/labels/0/name must be string"`,
    );
  });

  it("a conditional GET answered 304 passes without a body, and only so", async () => {
    const first = await scene.bot.request("GET /repos/{owner}/{repo}", repo);
    const etag = String(first.headers.etag);
    const again = await scene.bot
      .request("GET /repos/{owner}/{repo}", { ...repo, headers: { "if-none-match": etag } })
      .catch((e: { status: number }) => e);
    expect(again.status).toBe(304);

    const notModified = last("/repos/{owner}/{repo}", 304);
    expect(notModified.body).toBeUndefined();
    expect(contract.check(notModified)).toBeNull();
    expect(contract.check({ ...notModified, body: { id: 1 } })?.errors).toBe("304 with a body");
    expect(contract.check({ ...notModified, method: "PATCH" })?.errors).toBe(
      "status not documented for this operation",
    );
  });
});
