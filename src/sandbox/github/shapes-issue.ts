// JSON shapes of issues, comments, labels and reactions.
import { repoUrls, type ShapeContext, userShape } from "./shapes-repo.js";
import type { CommentRecord, IssueRecord, LabelRecord, ReactionRecord, RepoRecord } from "./state.js";

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"] as const;

export function authorAssociation(repo: RepoRecord, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const permission = repo.permissions.get(login.toLowerCase());
  return permission !== undefined && permission !== "none" ? "COLLABORATOR" : "NONE";
}

export function reactionRollup(url: string, reactions: ReactionRecord[]): Record<string, unknown> {
  const rollup: Record<string, unknown> = { url, total_count: reactions.length };
  for (const content of REACTIONS) rollup[content] = reactions.filter((r) => r.content === content).length;
  return rollup;
}

export function labelShape(ctx: ShapeContext, repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${repoUrls(ctx, repo).api}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function reactionShape(ctx: ShapeContext, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: `REA_${reaction.id}`,
    user: userShape(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function issueShape(ctx: ShapeContext, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const { api, html } = repoUrls(ctx, repo);
  const url = `${api}/issues/${issue.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
  const labels = issue.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label === undefined ? [] : [labelShape(ctx, repo, label)];
  });
  const shape: Record<string, unknown> = {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${html}/${issue.pull === null ? "issues" : "pull"}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userShape(ctx, issue.user),
    labels,
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy === null ? null : userShape(ctx, issue.closedBy),
    author_association: authorAssociation(repo, issue.user),
    reactions: reactionRollup(`${url}/reactions`, issue.reactions),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
  if (issue.pull !== null) {
    shape.pull_request = {
      url: `${api}/pulls/${issue.number}`,
      html_url: `${html}/pull/${issue.number}`,
      diff_url: `${html}/pull/${issue.number}.diff`,
      patch_url: `${html}/pull/${issue.number}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return shape;
}

export function commentShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const { api, html } = repoUrls(ctx, repo);
  const url = `${api}/issues/comments/${comment.id}`;
  const issue = repo.issues.get(comment.issueNumber);
  const kind = issue?.pull === null ? "issues" : "pull";
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url,
    html_url: `${html}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userShape(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: null,
    reactions: reactionRollup(`${url}/reactions`, comment.reactions),
  };
}
