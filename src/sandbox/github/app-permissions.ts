// What an installation token may do, as GitHub decides it: the App's permissions come from the project's own
// app.yml (the manifest users register the App with), and each endpoint needs the permission GitHub's
// "Permissions required for GitHub Apps" page names for it. A call the manifest does not grant is answered
// 403 "Resource not accessible by integration", so an end-to-end run proves app.yml grants what the App uses.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export type AccessLevel = "read" | "write";

/** The App's permissions and events from app.yml. */
export interface AppManifest {
  permissions: Record<string, AccessLevel>;
  events: string[];
}

const APP_YML = new URL("../../../app.yml", import.meta.url);

export function loadAppManifest(): AppManifest {
  const doc = parse(readFileSync(APP_YML, "utf8")) as {
    default_permissions?: Record<string, AccessLevel>;
    default_events?: string[];
  };
  return { permissions: doc.default_permissions ?? {}, events: doc.default_events ?? [] };
}

/** One permission an endpoint accepts; several mean any of them (issue endpoints also serve pull requests). */
type Needs = readonly (readonly [scope: string, level: AccessLevel])[];

const read = (...scopes: string[]): Needs => scopes.map((s) => [s, "read"] as const);
const write = (...scopes: string[]): Needs => scopes.map((s) => [s, "write"] as const);

/** `METHOD template` -> what an installation token needs for it (GitHub's REST documentation). */
const NEEDS: Record<string, Needs> = {
  "GET /installation/repositories": read("metadata"),
  "GET /repos/{owner}/{repo}": read("metadata"),
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": read("metadata"),
  "GET /repos/{owner}/{repo}/contents/{path}": read("contents"),
  "PUT /repos/{owner}/{repo}/contents/{path}": write("contents"),
  "GET /repos/{owner}/{repo}/branches/{branch}": read("contents"),
  "GET /repos/{owner}/{repo}/branches/{branch}/protection": read("administration"),
  "PUT /repos/{owner}/{repo}/branches/{branch}/protection": write("administration"),
  "GET /repos/{owner}/{repo}/compare/{basehead}": read("contents"),
  "GET /repos/{owner}/{repo}/commits/{ref}": read("contents"),
  "GET /repos/{owner}/{repo}/git/ref/{ref}": read("contents"),
  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}": read("contents"),
  "POST /repos/{owner}/{repo}/git/refs": write("contents"),
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": write("contents"),
  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": write("contents"),
  "POST /repos/{owner}/{repo}/issues": write("issues"),
  "GET /repos/{owner}/{repo}/issues": read("issues"),
  "GET /repos/{owner}/{repo}/issues/{issue_number}": read("issues", "pull_requests"),
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": write("issues", "pull_requests"),
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": read("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": write("issues", "pull_requests"),
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": read("issues", "pull_requests"),
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": write("issues", "pull_requests"),
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}": write("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": write("issues", "pull_requests"),
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": write("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/reactions": write("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": write("issues", "pull_requests"),
  "GET /repos/{owner}/{repo}/labels": read("issues", "pull_requests"),
  "GET /repos/{owner}/{repo}/labels/{name}": read("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/labels": write("issues", "pull_requests"),
  "POST /repos/{owner}/{repo}/pulls": write("pull_requests"),
  "GET /repos/{owner}/{repo}/pulls": read("pull_requests"),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": read("pull_requests"),
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": write("pull_requests"),
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge": write("contents"),
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch": write("pull_requests"),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits": read("pull_requests"),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": read("pull_requests"),
  "POST /repos/{owner}/{repo}/check-runs": write("checks"),
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": write("checks"),
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}": read("checks"),
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": read("checks"),
  "POST /repos/{owner}/{repo}/statuses/{sha}": write("statuses"),
  "GET /repos/{owner}/{repo}/commits/{ref}/status": read("statuses"),
  "GET /repos/{owner}/{repo}/commits/{ref}/statuses": read("statuses"),
};

/** The endpoints the table covers, so a test can prove every route the stand-in serves to tokens has an entry. */
export const PERMISSIONED_ROUTES: readonly string[] = Object.keys(NEEDS);

const grants = (held: AccessLevel | undefined, need: AccessLevel) =>
  held === "write" || (held === "read" && need === "read");

/**
 * Whether an installation with `permissions` may call `method template`; undefined when it may, else what is
 * missing in GitHub's words (`issues=write`). An endpoint missing from the table is refused too: the stand-in
 * must not grant what it cannot judge.
 */
export function missingPermission(
  permissions: Record<string, AccessLevel>,
  method: string,
  template: string,
): string | undefined {
  const needs = NEEDS[`${method} ${template}`];
  if (needs === undefined) return `an entry for ${method} ${template} in the stand-in's permission table`;
  if (needs.some(([scope, level]) => grants(permissions[scope], level))) return undefined;
  return needs.map(([scope, level]) => `${scope}=${level}`).join(" or ");
}
