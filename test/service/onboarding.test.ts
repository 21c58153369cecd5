// runOnboarding against the GitHub stand-in: which repositories are asked, what the one commit holds, and
// that asking happens once (a closed pull request is an answer; an interrupted onboarding is finished).
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FlowDeps } from "../../src/service/deps.js";
import { runOnboarding } from "../../src/service/onboarding.js";
import { loadWebhookContract } from "../sandbox/github/contract.js";
import { MANIFEST, REPO, type Scene, startScene } from "../sandbox/github/helpers.js";
import { sceneFlowDeps } from "./scene-deps.js";

const BRANCH = "node-patch/onboarding";
const FORM = ".github/ISSUE_TEMPLATE/node-patch.yml";

describe("runOnboarding", () => {
  let scene: Scene;
  let deps: FlowDeps;

  beforeEach(async () => {
    scene = await startScene();
    deps = await sceneFlowDeps(scene, async () => null);
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  const pulls = () =>
    [...scene.standIn.seed.repo(REPO).issues.values()]
      .filter((i) => i.pull !== null)
      .map((i) => ({ number: i.number, head: i.pull?.head, state: i.state }));
  const changed = () =>
    execFileSync(
      "git",
      ["--git-dir", scene.standIn.seed.repo(REPO).dir, "diff", "--name-only", `main...${BRANCH}`],
      { encoding: "utf8" },
    )
      .trim()
      .split("\n");
  const form = async () => "name: Node OS patch\n";

  it("leaves configured repositories and those without a manifest alone", async () => {
    expect(await runOnboarding({ ...deps, loadConfig: async () => ({}) }, { issueForm: form })).toEqual({
      status: "configured",
    });
    await scene.standIn.seed.commit(REPO, "main", { [MANIFEST]: null }, "No manifest");
    expect(await runOnboarding(deps, { issueForm: form })).toEqual({ status: "no-manifest" });
    expect(pulls()).toEqual([]);
    expect(await scene.standIn.seed.resolve(REPO, BRANCH)).toBeNull();
  });

  it("opens one pull request with the config and the form, then only finds it", async () => {
    const opened = await runOnboarding(deps, { issueForm: form });
    expect(opened).toMatchObject({ status: "opened", pull: { number: 1, state: "open" } });
    expect(changed()).toEqual([".github/ISSUE_TEMPLATE/node-patch.yml", ".github/node-patch-bot.yml"]);
    // The scene's manifest is not a valid one: no cluster name is guessed.
    const config = await scene.standIn.seed.readFile(REPO, BRANCH, ".github/node-patch-bot.yml");
    expect(config).toContain("\nmanifestPath: setup/machines.yaml\n");
    expect(config).not.toMatch(/^clusterName:/m);
    expect(await runOnboarding(deps, { issueForm: form })).toMatchObject({
      status: "asked",
      pull: { number: 1 },
    });
    expect(pulls()).toEqual([{ number: 1, head: BRANCH, state: "open" }]);
  });

  it("keeps a form of the same name the repository has, and takes a closed pull request as no", async () => {
    await scene.standIn.seed.commit(REPO, "main", { [FORM]: "name: ours\n" }, "Our form");
    await runOnboarding(deps, { issueForm: form });
    expect(changed()).toEqual([".github/node-patch-bot.yml"]);
    await scene.bot.rest.pulls.update({ owner: "acme", repo: "cluster", pull_number: 1, state: "closed" });
    await deps.github.deleteBranch(BRANCH);
    expect(await runOnboarding(deps, { issueForm: form })).toMatchObject({
      status: "asked",
      pull: { number: 1, state: "closed" },
    });
    expect(await scene.standIn.seed.resolve(REPO, BRANCH)).toBeNull();
  });

  it("finishes an onboarding interrupted after its push: the pull request for the branch, no new commit", async () => {
    await scene.standIn.seed.commit(REPO, BRANCH, { ".github/node-patch-bot.yml": "{}\n" }, "Configure");
    const head = await scene.standIn.seed.resolve(REPO, BRANCH);
    expect(await runOnboarding(deps, { issueForm: form })).toMatchObject({ status: "opened" });
    expect(pulls()).toEqual([{ number: 1, head: BRANCH, state: "open" }]);
    expect(await scene.standIn.seed.resolve(REPO, BRANCH)).toBe(head);
  });

  it("counts a merged onboarding as configured when its file was deleted since", async () => {
    await runOnboarding(deps, { issueForm: form });
    await scene.bot.rest.pulls.merge({ owner: "acme", repo: "cluster", pull_number: 1 });
    expect(await runOnboarding(deps, { issueForm: form })).toEqual({ status: "configured" });
  });

  it("the stand-in's installation events that start it match GitHub's webhook schemas and name the repositories", async () => {
    await scene.standIn.seed.createRepo({ owner: "globex", name: "infra", install: false });
    scene.standIn.seed.installApp("globex", { emit: true });
    scene.standIn.seed.announceRepositories("globex", ["globex/infra"]);
    const deliveries = scene.standIn.webhooks.deliveries().filter((d) => d.event.startsWith("installation"));
    const contract = loadWebhookContract();
    expect(deliveries.map((d) => contract.check(d))).toEqual([null, null]);
    expect(
      deliveries.map((d) => [d.event, d.action, d.payload.repositories ?? d.payload.repositories_added]),
    ).toEqual([
      ["installation", "created", [expect.objectContaining({ full_name: "globex/infra", private: true })]],
      ["installation_repositories", "added", [expect.objectContaining({ full_name: "globex/infra" })]],
    ]);
  });
});
