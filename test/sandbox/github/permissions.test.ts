// Who may do what: installation tokens, users' repository roles, and GitHub's 401/403/404 distinctions.
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_JWT, octokit, REPO, type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const response = await promise;
    return typeof response === "object" && response !== null && "status" in response
      ? Number(response.status)
      : 0;
  } catch (error) {
    if (error instanceof RequestError) return error.status;
    throw error;
  }
}

describe("permissions", () => {
  let scene: Scene;
  let clock: Date;
  beforeEach(async () => {
    clock = new Date("2026-05-01T09:00:00Z");
    scene = await startScene({ tokenClock: () => clock });
    for (const [login, role] of [
      ["ada", "admin"],
      ["max", "maintain"],
      ["wes", "write"],
      ["tia", "triage"],
      ["rob", "read"],
      ["nobody", "none"],
    ] as const) {
      scene.standIn.seed.setPermission(REPO, login, role);
    }
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  it("reports each seeded user's role, with GitHub's legacy permission field", async () => {
    const levels: Record<string, [string, string]> = {};
    for (const username of ["acme", "ada", "max", "wes", "tia", "rob", "nobody"]) {
      const { data } = await scene.bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
      levels[username] = [data.permission, data.role_name];
    }
    expect(levels).toEqual({
      acme: ["admin", "admin"],
      ada: ["admin", "admin"],
      max: ["write", "maintain"],
      wes: ["write", "write"],
      tia: ["read", "triage"],
      rob: ["read", "read"],
      nobody: ["none", "none"],
    });
    expect(
      await status(scene.bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "ghost" })),
    ).toBe(404);
  });

  it("hides a private repository from users without access and from other installations", async () => {
    const nobody = octokit(scene.standIn, scene.standIn.seed.userToken("nobody"));
    expect(await status(nobody.rest.repos.get(repo))).toBe(404);
    await scene.standIn.seed.createRepo({ owner: "globex", name: "infra", files: { a: "a" } });
    expect(await status(scene.bot.rest.repos.get({ owner: "globex", repo: "infra" }))).toBe(404);
  });

  it("lets readers open issues and comment but not label, branch or open pull requests", async () => {
    const rob = octokit(scene.standIn, scene.standIn.seed.userToken("rob"));
    const { data: issue } = await rob.rest.issues.create({ ...repo, title: "please patch" });
    expect(
      await status(rob.rest.issues.createComment({ ...repo, issue_number: issue.number, body: "+1" })),
    ).toBe(201);
    expect(
      await status(rob.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ["x"] })),
    ).toBe(403);
    const main = await scene.standIn.seed.resolve(REPO, "refs/heads/main");
    expect(await status(rob.rest.git.createRef({ ...repo, ref: "refs/heads/rob", sha: main ?? "" }))).toBe(
      403,
    );
    const tia = octokit(scene.standIn, scene.standIn.seed.userToken("tia"));
    expect(
      await status(tia.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ["x"] })),
    ).toBe(200);
  });

  it("requires a token, and only GitHub Apps may create check runs", async () => {
    const anonymous = octokit(scene.standIn, "");
    expect(await status(anonymous.rest.repos.get(repo))).toBe(401);
    expect(await status(octokit(scene.standIn, "ghs_unknown").rest.repos.get(repo))).toBe(401);
    const main = (await scene.standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
    const refused = await scene.owner.rest.checks
      .create({ ...repo, name: "gate", head_sha: main })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect(refused instanceof RequestError && refused.status).toBe(403);
    expect(refused instanceof RequestError && refused.message).toMatch(
      /You must authenticate via a GitHub App/,
    );
  });

  it("expires installation tokens after an hour of the token clock", async () => {
    expect(await status(scene.bot.rest.repos.get(repo))).toBe(200);
    clock = new Date("2026-05-01T10:00:01Z");
    expect(await status(scene.bot.rest.repos.get(repo))).toBe(401);
  });

  it("issues installation tokens only to a caller presenting a JWT", async () => {
    const installationId = scene.standIn.seed.installationId("acme");
    const app = octokit(scene.standIn, FAKE_JWT);
    const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: installationId });
    expect(data.token).toMatch(/^ghs_/);
    expect(await status(octokit(scene.standIn, data.token).rest.repos.get(repo))).toBe(200);
    expect(
      await status(scene.bot.rest.apps.createInstallationAccessToken({ installation_id: installationId })),
    ).toBe(401);
    expect(await status(app.rest.apps.createInstallationAccessToken({ installation_id: 999_999 }))).toBe(404);
  });

  it("lets only admins change branch protection", async () => {
    const body = {
      ...repo,
      branch: "main",
      required_status_checks: { strict: false, contexts: ["gate"] },
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    };
    expect(await status(scene.bot.rest.repos.updateBranchProtection(body))).toBe(403);
    expect(await status(scene.alice.rest.repos.updateBranchProtection(body))).toBe(403);
    expect(await status(scene.owner.rest.repos.updateBranchProtection(body))).toBe(200);
    const { data } = await scene.owner.rest.repos.getBranchProtection({ ...repo, branch: "main" });
    expect(data.required_status_checks?.contexts).toEqual(["gate"]);
  });
});
