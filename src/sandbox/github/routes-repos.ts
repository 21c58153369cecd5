// Repository, contents, branches, branch protection and collaborator permission endpoints.

import { actorLogin, permissionFor, repoFor } from "./access.js";
import { GitHubApiError, notFound, validationFailed } from "./errors.js";
import {
  commitFiles,
  listTree,
  readBlob,
  readCommit,
  resolveCommit,
  type TreeEntry,
  updateRef,
} from "./git-store.js";
import { PROTECTED_BRANCHES_DOCS, requiredChecksMessage } from "./protection.js";
import { bodyOf, isRecord, type Route, stringField } from "./router.js";
import { commitShape } from "./shapes-pull.js";
import { fullRepoShape, repoUrls, type ShapeContext, userShape } from "./shapes-repo.js";
import { ensureUser, type ProtectionRecord, type RepoRecord } from "./state.js";
import { afterRefChange, identityOf, signature, type World } from "./world.js";

function contentShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  path: string,
  ref: string,
  sha: string,
  size: number,
) {
  const { api, html } = repoUrls(ctx, repo);
  const url = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const htmlUrl = `${html}/blob/${ref}/${path}`;
  const gitUrl = `${api}/git/blobs/${sha}`;
  return {
    type: "file",
    name: path.split("/").at(-1) ?? path,
    path,
    sha,
    size,
    url,
    html_url: htmlUrl,
    git_url: gitUrl,
    download_url: `${ctx.baseUrl}/raw/${repo.owner}/${repo.name}/${ref}/${path}`,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

function directoryEntry(ctx: ShapeContext, repo: RepoRecord, ref: string, entry: TreeEntry) {
  const type = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : "file";
  const shape = contentShape(ctx, repo, entry.path, ref, entry.sha, entry.size);
  const downloadUrl = type === "file" ? shape.download_url : null;
  return { ...shape, type, download_url: downloadUrl };
}

export function protectionShape(ctx: ShapeContext, repo: RepoRecord, branch: string, p: ProtectionRecord) {
  const url = `${repoUrls(ctx, repo).api}/branches/${encodeURIComponent(branch)}/protection`;
  return {
    url,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      strict: p.strict,
      contexts: p.contexts,
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: p.checks,
    },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.raw.enforce_admins === true },
  };
}

export function parseProtection(body: Record<string, unknown>): ProtectionRecord {
  const checks = body.required_status_checks;
  if (!isRecord(checks)) return { strict: false, contexts: [], checks: [], raw: body };
  const contexts = Array.isArray(checks.contexts) ? checks.contexts.filter((c) => typeof c === "string") : [];
  const listed = Array.isArray(checks.checks) ? checks.checks.filter(isRecord) : [];
  const named = listed.flatMap((c) =>
    typeof c.context === "string"
      ? [{ context: c.context, app_id: typeof c.app_id === "number" ? c.app_id : null }]
      : [],
  );
  // GitHub keeps `contexts` and `checks` in step: each lists every required context.
  const all = [...new Set([...contexts, ...named.map((c) => c.context)])];
  const checksOut = all.map(
    (context) => named.find((c) => c.context === context) ?? { context, app_id: null },
  );
  return { strict: checks.strict === true, contexts: all, checks: checksOut, raw: body };
}

export function repoRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/repos/{owner}/{repo}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        return { status: 200, body: fullRepoShape(shapes, repo, permissionFor(state, repo, ctx.principal)) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/contents/{path}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const path = ctx.params.path ?? "";
        const ref = ctx.query.get("ref") ?? repo.defaultBranch;
        // The default branch's file is read at the commit it points to, whose files the stand-in remembers.
        const head = ctx.query.has("ref") ? null : await resolveCommit(repo.dir, `refs/heads/${ref}`);
        const blob = await readBlob(repo.dir, head ?? ref, path);
        if (blob === null) {
          const entries = await listTree(repo.dir, ref, path);
          if (entries.length === 0) throw notFound();
          return { status: 200, body: entries.map((e) => directoryEntry(shapes, repo, ref, e)) };
        }
        // The raw media type answers with the file's bytes (Probot's config loader asks for it).
        if (/application\/vnd\.github(\.v3)?\.raw/.test(String(ctx.headers.accept ?? ""))) {
          return { status: 200, raw: blob.content, headers: { "content-type": "text/plain; charset=utf-8" } };
        }
        const shape = contentShape(shapes, repo, path, ref, blob.sha, blob.content.length);
        // GitHub wraps base64 content at 60 characters per line.
        const content = (blob.content.toString("base64").match(/.{1,60}/g) ?? []).join("\n");
        return {
          status: 200,
          body: { ...shape, content: content === "" ? "" : `${content}\n`, encoding: "base64" },
        };
      },
    },
    {
      method: "PUT",
      template: "/repos/{owner}/{repo}/contents/{path}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const body = bodyOf(ctx);
        const path = ctx.params.path ?? "";
        const message = stringField(body, "message");
        const content = stringField(body, "content");
        if (message === undefined || content === undefined) {
          const missing = message === undefined ? "message" : "content";
          throw new GitHubApiError(422, `Invalid request.\n\n"${missing}" wasn't supplied.`);
        }
        const branch = stringField(body, "branch") ?? repo.defaultBranch;
        const ref = `refs/heads/${branch}`;
        const head = await resolveCommit(repo.dir, ref);
        if (head === null) throw new GitHubApiError(404, `Branch ${branch} not found`);
        const existing = await readBlob(repo.dir, head, path);
        const sha = stringField(body, "sha");
        if (existing !== null && sha === undefined) {
          throw new GitHubApiError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
        }
        if (existing !== null && sha !== existing.sha) {
          throw new GitHubApiError(409, `${path} does not match ${sha ?? ""}`);
        }
        const bytes = Buffer.from(content, "base64");
        const commit = await commitFiles(
          repo.dir,
          head,
          { [path]: bytes },
          message,
          signature(world, identityOf(world, actor)),
        );
        // A protected branch takes the new commit only if it already passed the required checks (it never has).
        const unmet = requiredChecksMessage(repo, branch, commit);
        if (unmet !== null) {
          const verb = existing === null ? "create" : "update";
          throw new GitHubApiError(409, `Could not ${verb} file: ${unmet}`, {
            documentationUrl: PROTECTED_BRANCHES_DOCS,
          });
        }
        if (!(await updateRef(repo.dir, ref, commit, head))) {
          throw new GitHubApiError(409, `${ref} is at a different commit than expected`);
        }
        await afterRefChange(world, repo, ref, head, commit, actor);
        const blob = await readBlob(repo.dir, commit, path);
        const info = commitShape(shapes, repo, await readCommit(repo.dir, commit));
        const commitJson = {
          ...(isRecord(info.commit) ? info.commit : {}),
          sha: commit,
          node_id: info.node_id,
          html_url: info.html_url,
          url: `${repoUrls(shapes, repo).api}/git/commits/${commit}`,
          parents: info.parents,
        };
        return {
          status: existing === null ? 201 : 200,
          body: {
            content: contentShape(shapes, repo, path, branch, blob?.sha ?? "", bytes.length),
            commit: commitJson,
          },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/branches/{branch}/protection",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "admin");
        const branch = ctx.params.branch ?? "";
        const protection = repo.protection.get(branch);
        if (protection === undefined) throw new GitHubApiError(404, "Branch not protected");
        return { status: 200, body: protectionShape(shapes, repo, branch, protection) };
      },
    },
    {
      method: "PUT",
      template: "/repos/{owner}/{repo}/branches/{branch}/protection",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "admin");
        const branch = ctx.params.branch ?? "";
        const body = bodyOf(ctx);
        const missing = [
          "required_status_checks",
          "enforce_admins",
          "required_pull_request_reviews",
          "restrictions",
        ];
        const absent = missing.filter((key) => !(key in body));
        if (absent.length > 0) {
          throw validationFailed(
            absent.map((field) => ({ resource: "ProtectedBranch", field, code: "missing_field" })),
          );
        }
        if ((await resolveCommit(repo.dir, `refs/heads/${branch}`)) === null)
          throw new GitHubApiError(404, "Branch not found");
        const protection = parseProtection(body);
        repo.protection.set(branch, protection);
        return { status: 200, body: protectionShape(shapes, repo, branch, protection) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/branches/{branch}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const branch = ctx.params.branch ?? "";
        const head = await resolveCommit(repo.dir, `refs/heads/${branch}`);
        if (head === null) throw new GitHubApiError(404, "Branch not found");
        const { api, html } = repoUrls(shapes, repo);
        const protection = repo.protection.get(branch);
        const checks = {
          enforcement_level: protection === undefined ? "off" : "non_admins",
          contexts: protection?.contexts ?? [],
          checks: protection?.checks ?? [],
        };
        return {
          status: 200,
          body: {
            name: branch,
            commit: commitShape(shapes, repo, await readCommit(repo.dir, head)),
            _links: { self: `${api}/branches/${encodeURIComponent(branch)}`, html: `${html}/tree/${branch}` },
            protected: protection !== undefined,
            protection: { enabled: protection !== undefined, required_status_checks: checks },
            protection_url: `${api}/branches/${encodeURIComponent(branch)}/protection`,
          },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/collaborators/{username}/permission",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const login = ctx.params.username ?? "";
        if (!state.users.has(login.toLowerCase())) throw notFound();
        const user = ensureUser(state, login);
        const role = permissionFor(state, repo, { kind: "user", login: user.login });
        // The legacy `permission` field folds maintain into write and triage into read.
        const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
        return {
          status: 200,
          body: {
            permission: legacy,
            role_name: role,
            user: { ...userShape(shapes, user.login), role_name: role },
          },
        };
      },
    },
  ];
}
