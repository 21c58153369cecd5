// Issue, comment, label and reaction endpoints.
import { actorLogin, repoFor } from "./access.js";
import { checkBodyLength, forbidden, GitHubApiError, notFound, validationFailed } from "./errors.js";
import {
  addLabels,
  createComment,
  deleteComment,
  editComment,
  type IssuePatch,
  openIssue,
  react,
  removeLabel,
  updateIssue,
} from "./issue-ops.js";
import { bodyOf, intParam, paged, type RequestContext, type Route, stringField } from "./router.js";
import { commentShape, issueShape, labelShape } from "./shapes-issue.js";
import type { CommentRecord, IssueRecord, RepoRecord } from "./state.js";
import type { World } from "./world.js";

const REACTIONS = new Set(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]);

function issueOf(repo: RepoRecord, ctx: RequestContext): IssueRecord {
  const issue = repo.issues.get(intParam(ctx, "issue_number"));
  if (issue === undefined) throw notFound();
  return issue;
}

function commentOf(repo: RepoRecord, ctx: RequestContext): CommentRecord {
  const comment = repo.comments.get(intParam(ctx, "comment_id"));
  if (comment === undefined) throw notFound();
  return comment;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((v) =>
    typeof v === "string"
      ? [v]
      : typeof v === "object" && v !== null && "name" in v && typeof v.name === "string"
        ? [v.name]
        : [],
  );
}

function reactionContent(ctx: RequestContext): string {
  const content = stringField(bodyOf(ctx), "content");
  if (content === undefined || !REACTIONS.has(content)) {
    throw validationFailed([{ resource: "Reaction", field: "content", code: "invalid" }]);
  }
  return content;
}

export function issueRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/issues",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const body = bodyOf(ctx);
        const title = stringField(body, "title");
        if (title === undefined || title === "") {
          throw validationFailed([{ resource: "Issue", field: "title", code: "missing_field" }]);
        }
        checkBodyLength("Issue", stringField(body, "body"));
        const labels = stringList(body.labels) ?? [];
        const issue = await openIssue(world, repo, actorLogin(ctx), {
          title,
          body: stringField(body, "body") ?? null,
          labels,
        });
        return { status: 201, body: issueShape(shapes, repo, issue) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/issues",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const wanted = ctx.query.get("state") ?? "open";
        const labels = (ctx.query.get("labels") ?? "")
          .split(",")
          .filter((l) => l !== "")
          .map((l) => l.toLowerCase());
        const creator = ctx.query.get("creator")?.toLowerCase();
        // GitHub: "Only show results that were last updated after the given time" (ISO 8601), inclusive.
        const since = ctx.query.get("since");
        const sinceMs = since === null ? Number.NaN : Date.parse(since);
        if (since !== null && Number.isNaN(sinceMs))
          throw validationFailed([{ resource: "Issue", field: "since", code: "invalid" }]);
        const issues = [...repo.issues.values()]
          .filter((i) => since === null || Date.parse(i.updatedAt) >= sinceMs)
          .filter((i) => wanted === "all" || i.state === wanted)
          .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
          .filter((i) => creator === undefined || i.user.toLowerCase() === creator)
          .sort((a, b) => b.number - a.number);
        const { items, headers } = paged(ctx, issues);
        return { status: 200, body: items.map((i) => issueShape(shapes, repo, i)), headers };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/issues/{issue_number}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        return { status: 200, body: issueShape(shapes, repo, issueOf(repo, ctx)) };
      },
    },
    {
      method: "PATCH",
      template: "/repos/{owner}/{repo}/issues/{issue_number}",
      auth: "token",
      handler: async (ctx) => {
        const actor = actorLogin(ctx);
        const readable = repoFor(state, ctx);
        const issue = issueOf(readable, ctx);
        const repo = issue.user === actor ? readable : repoFor(state, ctx, "triage");
        const body = bodyOf(ctx);
        const patch: IssuePatch = {};
        const title = stringField(body, "title");
        if (title !== undefined) patch.title = title;
        if (typeof body.body === "string" || body.body === null) patch.body = body.body;
        checkBodyLength("Issue", patch.body);
        const wanted = body.state;
        if (wanted !== undefined && wanted !== "open" && wanted !== "closed") {
          throw validationFailed([{ resource: "Issue", field: "state", code: "invalid" }]);
        }
        if (wanted !== undefined) patch.state = wanted;
        const reason = body.state_reason;
        if (reason === "completed" || reason === "not_planned" || reason === "reopened")
          patch.stateReason = reason;
        const labels = stringList(body.labels);
        if (labels !== undefined) patch.labels = labels;
        await updateIssue(world, repo, issue, actor, patch);
        return { status: 200, body: issueShape(shapes, repo, issue) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const issue = issueOf(repo, ctx);
        const comments = [...repo.comments.values()]
          .filter((c) => c.issueNumber === issue.number)
          .sort((a, b) => a.id - b.id);
        const { items, headers } = paged(ctx, comments);
        return { status: 200, body: items.map((c) => commentShape(shapes, repo, c)), headers };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const issue = issueOf(repo, ctx);
        const text = stringField(bodyOf(ctx), "body");
        if (text === undefined)
          throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
        checkBodyLength("IssueComment", text);
        const comment = createComment(world, repo, issue, actorLogin(ctx), text);
        return { status: 201, body: commentShape(shapes, repo, comment) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        return { status: 200, body: commentShape(shapes, repo, commentOf(repo, ctx)) };
      },
    },
    {
      method: "PATCH",
      template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      auth: "token",
      handler: async (ctx) => {
        const actor = actorLogin(ctx);
        const repo = repoFor(state, ctx);
        const comment = commentOf(repo, ctx);
        if (comment.user !== actor) repoFor(state, ctx, "write");
        const text = stringField(bodyOf(ctx), "body");
        if (text === undefined)
          throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
        checkBodyLength("IssueComment", text);
        editComment(world, repo, comment, actor, text);
        return { status: 200, body: commentShape(shapes, repo, comment) };
      },
    },
    {
      method: "DELETE",
      template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      auth: "token",
      handler: async (ctx) => {
        const actor = actorLogin(ctx);
        const repo = repoFor(state, ctx);
        const comment = commentOf(repo, ctx);
        if (comment.user !== actor) repoFor(state, ctx, "write");
        deleteComment(world, repo, comment, actor);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "triage");
        const issue = issueOf(repo, ctx);
        const body = bodyOf(ctx);
        const names = stringList(Array.isArray(ctx.body) ? ctx.body : body.labels);
        if (names === undefined)
          throw validationFailed([{ resource: "Label", field: "labels", code: "missing_field" }]);
        await addLabels(world, repo, issue, actorLogin(ctx), names);
        return { status: 200, body: issue.labels.flatMap((n) => labelsOf(world, repo, n)) };
      },
    },
    {
      method: "DELETE",
      template: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "triage");
        const issue = issueOf(repo, ctx);
        try {
          await removeLabel(world, repo, issue, actorLogin(ctx), ctx.params.name ?? "");
        } catch (error) {
          if (error instanceof GitHubApiError && error.status === 404)
            throw new GitHubApiError(404, "Label does not exist");
          throw error;
        }
        return { status: 200, body: issue.labels.flatMap((n) => labelsOf(world, repo, n)) };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/issues/{issue_number}/reactions",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const issue = issueOf(repo, ctx);
        const { reaction, created } = react(world, issue.reactions, actorLogin(ctx), reactionContent(ctx));
        return { status: created ? 201 : 200, body: reaction };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const comment = commentOf(repo, ctx);
        const { reaction, created } = react(world, comment.reactions, actorLogin(ctx), reactionContent(ctx));
        return { status: created ? 201 : 200, body: reaction };
      },
    },
  ];
}

function labelsOf(world: World, repo: RepoRecord, name: string): Record<string, unknown>[] {
  const label = repo.labels.get(name.toLowerCase());
  if (label === undefined) throw forbidden(`label ${name} vanished`);
  return [labelShape(world.shapes, repo, label)];
}
