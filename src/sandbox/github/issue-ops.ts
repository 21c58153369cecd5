// Issue, comment, label and reaction operations shared by the REST routes and the in-process seeding API
// (a test "opening an issue as a user" must produce the same state and webhooks as the REST call would).
import { notFound } from "./errors.js";
import { commentShape, issueShape, labelShape, reactionShape } from "./shapes-issue.js";
import {
  allocateId,
  type CommentRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type RepoRecord,
  timestamp,
} from "./state.js";
import { emitPullEvent, emitRepoEvent, type World } from "./world.js";

async function emitIssueEvent(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  action: string,
  sender: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  // GitHub reports label and edit activity on pull requests as `pull_request` events.
  if (issue.pull !== null) {
    await emitPullEvent(world, repo, issue, action, sender, extra);
    return;
  }
  emitRepoEvent(world, "issues", repo, sender, {
    action,
    issue: issueShape(world.shapes, repo, issue),
    ...extra,
  });
}

export function ensureLabel(world: World, repo: RepoRecord, name: string): LabelRecord {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing !== undefined) return existing;
  const label: LabelRecord = { id: allocateId(world.state), name, color: "ededed", description: null };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

export async function openIssue(
  world: World,
  repo: RepoRecord,
  author: string,
  fields: { title: string; body?: string | null; labels?: string[] },
): Promise<IssueRecord> {
  const now = timestamp(world.state);
  const issue: IssueRecord = {
    id: allocateId(world.state),
    number: repo.nextNumber++,
    title: fields.title,
    body: fields.body ?? null,
    state: "open",
    stateReason: null,
    labels: [],
    user: author,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    reactions: [],
    pull: null,
  };
  repo.issues.set(issue.number, issue);
  for (const name of fields.labels ?? []) issue.labels.push(ensureLabel(world, repo, name).name);
  await emitIssueEvent(world, repo, issue, "opened", author);
  return issue;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "reopened";
  labels?: string[];
}

export async function updateIssue(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  patch: IssuePatch,
): Promise<void> {
  const now = timestamp(world.state);
  const changes: Record<string, { from: string }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? "" };
    issue.body = patch.body;
  }
  issue.updatedAt = now;
  if (Object.keys(changes).length > 0) await emitIssueEvent(world, repo, issue, "edited", actor, { changes });
  if (patch.labels !== undefined) await setLabels(world, repo, issue, actor, patch.labels);
  if (patch.state !== undefined && patch.state !== issue.state) {
    issue.state = patch.state;
    issue.closedAt = patch.state === "closed" ? now : null;
    issue.closedBy = patch.state === "closed" ? actor : null;
    issue.stateReason = patch.state === "closed" ? (patch.stateReason ?? "completed") : "reopened";
    await emitIssueEvent(world, repo, issue, patch.state === "closed" ? "closed" : "reopened", actor);
  }
}

export async function setLabels(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  names: string[],
): Promise<void> {
  const wanted = names.map((name) => ensureLabel(world, repo, name).name);
  const removed = issue.labels.filter((l) => !wanted.some((w) => w.toLowerCase() === l.toLowerCase()));
  const added = wanted.filter((w) => !issue.labels.some((l) => l.toLowerCase() === w.toLowerCase()));
  issue.labels = [...new Set(wanted)];
  for (const name of removed) await emitLabel(world, repo, issue, actor, "unlabeled", name);
  for (const name of added) await emitLabel(world, repo, issue, actor, "labeled", name);
}

async function emitLabel(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  action: string,
  name: string,
) {
  const label = ensureLabel(world, repo, name);
  await emitIssueEvent(world, repo, issue, action, actor, { label: labelShape(world.shapes, repo, label) });
}

export async function addLabels(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  names: string[],
) {
  await setLabels(world, repo, issue, actor, [...issue.labels, ...names]);
}

export async function removeLabel(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  name: string,
) {
  if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) throw notFound();
  await setLabels(
    world,
    repo,
    issue,
    actor,
    issue.labels.filter((l) => l.toLowerCase() !== name.toLowerCase()),
  );
}

function emitComment(
  world: World,
  repo: RepoRecord,
  comment: CommentRecord,
  action: string,
  actor: string,
  extra = {},
) {
  const issue = repo.issues.get(comment.issueNumber);
  if (issue === undefined) return;
  emitRepoEvent(world, "issue_comment", repo, actor, {
    action,
    issue: issueShape(world.shapes, repo, issue),
    comment: commentShape(world.shapes, repo, comment),
    ...extra,
  });
}

export function createComment(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  author: string,
  body: string,
) {
  const now = timestamp(world.state);
  const comment: CommentRecord = {
    id: allocateId(world.state),
    issueNumber: issue.number,
    body,
    user: author,
    createdAt: now,
    updatedAt: now,
    reactions: [],
    viaApp: author.endsWith("[bot]"),
  };
  repo.comments.set(comment.id, comment);
  issue.updatedAt = now;
  emitComment(world, repo, comment, "created", author);
  return comment;
}

export function editComment(
  world: World,
  repo: RepoRecord,
  comment: CommentRecord,
  actor: string,
  body: string,
) {
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = timestamp(world.state);
  emitComment(world, repo, comment, "edited", actor, { changes: { body: { from } } });
}

export function deleteComment(world: World, repo: RepoRecord, comment: CommentRecord, actor: string) {
  repo.comments.delete(comment.id);
  emitComment(world, repo, comment, "deleted", actor);
}

/** Adds a reaction; like GitHub, reacting twice with the same content returns the existing one. */
export function react(
  world: World,
  reactions: ReactionRecord[],
  user: string,
  content: string,
): { reaction: Record<string, unknown>; created: boolean } {
  const existing = reactions.find((r) => r.user === user && r.content === content);
  if (existing !== undefined) return { reaction: reactionShape(world.shapes, existing), created: false };
  const reaction: ReactionRecord = {
    id: allocateId(world.state),
    content,
    user,
    createdAt: timestamp(world.state),
  };
  reactions.push(reaction);
  return { reaction: reactionShape(world.shapes, reaction), created: true };
}
