// Pull request endpoints: create, list, get, update, merge, and the commits and files of a pull request.
import { actorLogin, repoFor } from "./access.js";
import { checkBodyLength, notFound, validationFailed } from "./errors.js";
import { diffFiles } from "./git-compare.js";
import { commitsBetween, readCommit } from "./git-store.js";
import { type MergeMethod, mergePull, updateBranch } from "./merge.js";
import { bodyOf, intParam, paged, type RequestContext, type Route, stringField } from "./router.js";
import { commitShape } from "./shapes-pull.js";
import { repoUrls } from "./shapes-repo.js";
import { allocateId, type IssueRecord, type RepoRecord, timestamp } from "./state.js";
import { baseHeads, diffBaseOf, emitPullEvent, pullJson, type World } from "./world.js";

function pullIssue(repo: RepoRecord, ctx: RequestContext): IssueRecord {
  const issue = repo.issues.get(intParam(ctx, "pull_number"));
  if (issue === undefined || issue.pull === null) throw notFound();
  return issue;
}

function headBranch(repo: RepoRecord, head: string): string {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.toLowerCase()
    ? head.slice(colon + 1)
    : `\0${head}`;
}

export function pullRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/pulls",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const body = bodyOf(ctx);
        const title = stringField(body, "title");
        const headSpec = stringField(body, "head");
        const base = stringField(body, "base");
        const missing = [
          title === undefined ? "title" : "",
          headSpec === undefined ? "head" : "",
          base === undefined ? "base" : "",
        ];
        const absent = missing.filter((m) => m !== "");
        if (title === undefined || headSpec === undefined || base === undefined) {
          throw validationFailed(
            absent.map((field) => ({ resource: "PullRequest", field, code: "missing_field" })),
          );
        }
        checkBodyLength("PullRequest", stringField(body, "body"));
        const head = headBranch(repo, headSpec);
        // The request sees one state of the refs: each branch is resolved once for it.
        const heads = baseHeads(repo);
        const [headSha, baseSha] = await Promise.all([heads(head), heads(base)]);
        if (headSha === null)
          throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
        if (baseSha === null)
          throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        const duplicate = [...repo.issues.values()].some(
          (i) => i.state === "open" && i.pull?.head === head && i.pull.base === base,
        );
        if (duplicate) {
          const message = `A pull request already exists for ${repo.owner}:${head}.`;
          throw validationFailed([{ resource: "PullRequest", code: "custom", message }]);
        }
        if ((await commitsBetween(repo.dir, baseSha, headSha)).length === 0) {
          throw validationFailed([
            { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` },
          ]);
        }
        const now = timestamp(state);
        const number = repo.nextNumber++;
        const issue: IssueRecord = {
          id: allocateId(state),
          number,
          title,
          body: stringField(body, "body") ?? null,
          state: "open",
          stateReason: null,
          labels: [],
          user: actor,
          createdAt: now,
          updatedAt: now,
          closedAt: null,
          closedBy: null,
          reactions: [],
          pull: {
            id: allocateId(state),
            number,
            head,
            headSha,
            base,
            draft: body.draft === true,
            maintainerCanModify: body.maintainer_can_modify !== false,
            merged: false,
            mergedAt: null,
            mergedBy: null,
            mergeCommitSha: null,
          },
        };
        repo.issues.set(number, issue);
        await emitPullEvent(world, repo, issue, "opened", actor, {}, heads);
        return {
          status: 201,
          body: await pullJson(world, repo, issue, heads),
          headers: { location: `${repoUrls(shapes, repo).api}/pulls/${number}` },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/pulls",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const wanted = ctx.query.get("state") ?? "open";
        const head = ctx.query.get("head");
        const base = ctx.query.get("base");
        const matching = [...repo.issues.values()]
          .filter((i) => i.pull !== null)
          .filter((i) => wanted === "all" || i.state === wanted)
          .filter((i) => head === null || i.pull?.head === headBranch(repo, head))
          .filter((i) => base === null || i.pull?.base === base)
          .sort((a, b) => b.number - a.number);
        const { items, headers } = paged(ctx, matching);
        const bases = baseHeads(repo);
        const body = await Promise.all(items.map((i) => pullJson(world, repo, i, bases)));
        return { status: 200, body, headers };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        return { status: 200, body: await pullJson(world, repo, pullIssue(repo, ctx)) };
      },
    },
    {
      method: "PATCH",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const issue = pullIssue(repo, ctx);
        const body = bodyOf(ctx);
        const changes: Record<string, { from: string }> = {};
        const title = stringField(body, "title");
        const text = stringField(body, "body");
        checkBodyLength("PullRequest", text);
        if (title !== undefined && title !== issue.title) {
          changes.title = { from: issue.title };
          issue.title = title;
        }
        if (text !== undefined && text !== issue.body) {
          changes.body = { from: issue.body ?? "" };
          issue.body = text;
        }
        const wanted = stringField(body, "state");
        if (wanted !== undefined && wanted !== "open" && wanted !== "closed") {
          throw validationFailed([{ resource: "PullRequest", field: "state", code: "invalid" }]);
        }
        const now = timestamp(state);
        issue.updatedAt = now;
        if (Object.keys(changes).length > 0)
          await emitPullEvent(world, repo, issue, "edited", actor, { changes });
        if (wanted !== undefined && wanted !== issue.state && issue.pull?.merged !== true) {
          issue.state = wanted;
          issue.closedAt = wanted === "closed" ? now : null;
          await emitPullEvent(world, repo, issue, wanted === "closed" ? "closed" : "reopened", actor);
        }
        return { status: 200, body: await pullJson(world, repo, issue) };
      },
    },
    {
      method: "PUT",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const issue = pullIssue(repo, ctx);
        const body = bodyOf(ctx);
        const method = stringField(body, "merge_method") ?? "merge";
        if (method !== "merge" && method !== "squash" && method !== "rebase") {
          throw validationFailed([{ resource: "PullRequest", field: "merge_method", code: "invalid" }]);
        }
        const result = await mergePull(world, repo, issue, actor, {
          sha: stringField(body, "sha"),
          method: method satisfies MergeMethod,
          commitTitle: stringField(body, "commit_title"),
          commitMessage: stringField(body, "commit_message"),
        });
        return { status: 200, body: { sha: result.sha, merged: true, message: result.message } };
      },
    },
    {
      method: "PUT",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}/update-branch",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const issue = pullIssue(repo, ctx);
        const expected = stringField(bodyOf(ctx), "expected_head_sha");
        await updateBranch(world, repo, issue, actorLogin(ctx), expected);
        return {
          status: 202,
          body: {
            message: "Updating pull request branch.",
            url: `${repoUrls(shapes, repo).html}/pull/${issue.number}`,
          },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const pull = pullIssue(repo, ctx).pull;
        if (pull === null) throw notFound();
        const shas = await commitsBetween(repo.dir, await diffBaseOf(repo, pull), pull.headSha);
        const commits = await Promise.all(
          shas.map(async (sha) => commitShape(shapes, repo, await readCommit(repo.dir, sha))),
        );
        return { status: 200, body: commits };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const pull = pullIssue(repo, ctx).pull;
        if (pull === null) throw notFound();
        const { api, html } = repoUrls(shapes, repo);
        const files = await diffFiles(repo.dir, await diffBaseOf(repo, pull), pull.headSha);
        const body = files.map((f) => ({
          sha: f.sha,
          filename: f.filename,
          status: f.status,
          additions: f.additions,
          deletions: f.deletions,
          changes: f.additions + f.deletions,
          blob_url: `${html}/blob/${pull.headSha}/${f.filename}`,
          raw_url: `${html}/raw/${pull.headSha}/${f.filename}`,
          contents_url: `${api}/contents/${f.filename}?ref=${pull.headSha}`,
        }));
        return { status: 200, body };
      },
    },
  ];
}
