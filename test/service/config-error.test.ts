// loadRepositoryConfig against the GitHub stand-in: the configuration error issue is found by its label, so
// every load (the timer's, each minute) asks a listing that pull requests coming and going never change, and
// asked conditionally it costs nothing while nothing changed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConditionalStore, useConditionalRequests } from "../../src/github/conditional.js";
import { NOT_MODIFIED } from "../../src/sandbox/github/dispatch.js";
import { loadRepositoryConfig } from "../../src/service/config.js";
import { CONFIG_ERROR_LABEL, CONFIG_ERROR_TITLE, type FlowDeps } from "../../src/service/deps.js";
import { REPO, type Scene, startScene } from "../sandbox/github/helpers.js";
import { sceneFlowDeps } from "./scene-deps.js";

const ISSUES = "GET /repos/{owner}/{repo}/issues";

describe("the configuration error issue", () => {
  let scene: Scene;
  let config: unknown;
  let deps: FlowDeps;

  beforeEach(async () => {
    scene = await startScene();
    useConditionalRequests(scene.bot, createConditionalStore());
    config = { frobnicate: true };
    deps = await sceneFlowDeps(scene, async () => config);
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  const configIssues = () =>
    [...scene.standIn.seed.repo(REPO).issues.values()]
      .filter((i) => i.title === CONFIG_ERROR_TITLE)
      .map((i) => ({ state: i.state, labels: i.labels }));

  it("is opened labelled, closed once the file is valid, and looked for without a counted request while nothing changes", async () => {
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: false });
    expect(configIssues()).toEqual([{ state: "open", labels: [CONFIG_ERROR_LABEL] }]);

    config = { merge: { mode: "auto" } };
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: true, fixed: true });
    expect(configIssues()).toEqual([{ state: "closed", labels: [CONFIG_ERROR_LABEL] }]);

    // Other issues and pull requests come and go; the loads that follow ask again and are answered 304.
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: true });
    scene.standIn.resetCounters();
    await scene.standIn.seed.openIssue(REPO, "alice", { title: "unrelated", body: "x" });
    for (let i = 0; i < 3; i++) expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: true });
    expect(scene.standIn.counters()[ISSUES]).toBeUndefined();
    expect(scene.standIn.counters()[`${ISSUES}${NOT_MODIFIED}`]).toBe(3);
  });

  it("finds an issue opened before it carried the label by its title, and labels it", async () => {
    const old = await scene.standIn.seed.openIssue(REPO, "alice", { title: CONFIG_ERROR_TITLE, body: "old" });
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: false });
    expect(configIssues()).toEqual([{ state: "open", labels: [CONFIG_ERROR_LABEL] }]);
    expect(scene.standIn.seed.repo(REPO).issues.get(old)?.body).toContain("frobnicate");

    config = {};
    expect(await loadRepositoryConfig(deps)).toMatchObject({ ok: true, fixed: true });
    expect(configIssues()).toEqual([{ state: "closed", labels: [CONFIG_ERROR_LABEL] }]);
  });
});
