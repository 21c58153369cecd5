// The App's installation tokens may do what app.yml grants and nothing more, as on GitHub: a call outside
// the manifest's permissions is refused with GitHub's 403 and the permission it would have needed. So every
// end-to-end run of the App in the sandbox proves app.yml grants what the App uses.
import { RequestError } from "@octokit/request-error";
import { afterEach, describe, expect, it } from "vitest";
import {
  loadAppManifest,
  missingPermission,
  PERMISSIONED_ROUTES,
} from "../../../src/sandbox/github/app-permissions.js";
import { type Scene, startScene } from "./helpers.js";

const repo = { owner: "acme", repo: "cluster" };

let scene: Scene | undefined;
afterEach(async () => {
  await scene?.standIn.stop();
  scene = undefined;
});

describe("the App's permissions", () => {
  it("come from app.yml, least privilege: no administration, no organization access", async () => {
    expect(loadAppManifest()).toEqual({
      permissions: {
        checks: "write",
        contents: "write",
        issues: "write",
        metadata: "read",
        pull_requests: "write",
        statuses: "write",
      },
      events: ["check_run", "issue_comment", "issues", "pull_request", "push"],
    });
    scene = await startScene();
    expect(scene.standIn.app.permissions).toEqual(loadAppManifest().permissions);
  });

  it("are judged for every endpoint the stand-in serves to tokens", async () => {
    scene = await startScene();
    expect(scene.standIn.tokenRoutes().filter((r) => !PERMISSIONED_ROUTES.includes(r))).toEqual([]);
  });

  it("refuse an endpoint the manifest does not grant with GitHub's 403 and the permission it needs", async () => {
    const { statuses: _, ...withoutStatuses } = loadAppManifest().permissions;
    scene = await startScene({ app: { permissions: withoutStatuses } });
    const refused = await scene.bot.rest.repos.listCommitStatusesForRef({ ...repo, ref: "main" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RequestError);
    const error = refused as RequestError;
    expect([error.status, error.message, error.response?.headers["x-accepted-github-permissions"]]).toEqual([
      403,
      "Resource not accessible by integration - https://docs.github.com/rest",
      "statuses=read",
    ]);
    // A person's token is judged by their role on the repository, not by the App's manifest.
    const { status } = await scene.alice.rest.repos.listCommitStatusesForRef({ ...repo, ref: "main" });
    expect(status).toBe(200);
  });

  it("accept any of the permissions an endpoint takes, and write covers read", () => {
    expect(
      missingPermission({ pull_requests: "read" }, "GET", "/repos/{owner}/{repo}/issues/{issue_number}"),
    ).toBe(undefined);
    expect(
      missingPermission({ checks: "write" }, "GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs"),
    ).toBe(undefined);
    expect(missingPermission({ checks: "read" }, "POST", "/repos/{owner}/{repo}/check-runs")).toBe(
      "checks=write",
    );
    expect(missingPermission({ contents: "write" }, "GET", "/repos/{owner}/{repo}/hooks")).toBe(
      "an entry for GET /repos/{owner}/{repo}/hooks in the stand-in's permission table",
    );
  });
});
