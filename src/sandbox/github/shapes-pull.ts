// JSON shapes of pull requests, commits and check runs / statuses.
import type { CommitInfo } from "./git-store.js";
import { issueShape } from "./shapes-issue.js";
import { appShape, repoShape, repoUrls, type ShapeContext, userShape } from "./shapes-repo.js";
import type { CheckRunRecord, IssueRecord, PullRecord, RepoRecord, StatusRecord } from "./state.js";

/** What GitHub computes from git for a pull request; the caller works it out (it needs git) and passes it in. */
export interface PullFacts {
  baseSha: string;
  mergeable: boolean | null;
  mergeableState: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

function branchEnd(ctx: ShapeContext, repo: RepoRecord, ref: string, sha: string) {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userShape(ctx, repo.owner),
    repo: repoShape(ctx, repo),
  };
}

export function pullShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  issue: IssueRecord,
  pull: PullRecord,
  facts: PullFacts,
): Record<string, unknown> {
  const { api, html } = repoUrls(ctx, repo);
  const url = `${api}/pulls/${pull.number}`;
  const issueJson = issueShape(ctx, repo, issue);
  const link = (href: string) => ({ href });
  return {
    url,
    id: pull.id,
    node_id: `PR_${pull.id}`,
    html_url: `${html}/pull/${pull.number}`,
    diff_url: `${html}/pull/${pull.number}.diff`,
    patch_url: `${html}/pull/${pull.number}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: issueJson.user,
    body: issue.body,
    labels: issueJson.labels,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchEnd(ctx, repo, pull.head, pull.headSha),
    base: branchEnd(ctx, repo, pull.base, facts.baseSha),
    _links: {
      self: link(url),
      html: link(`${html}/pull/${pull.number}`),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: issueJson.author_association,
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: facts.mergeable,
    rebaseable: facts.mergeable,
    mergeable_state: facts.mergeableState,
    merged_by: pull.mergedBy === null ? null : userShape(ctx, pull.mergedBy),
    comments: issueJson.comments,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: facts.commits,
    additions: facts.additions,
    deletions: facts.deletions,
    changed_files: facts.changedFiles,
  };
}

export function commitShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  commit: CommitInfo,
): Record<string, unknown> {
  const { api, html } = repoUrls(ctx, repo);
  const person = (p: CommitInfo["author"]) => ({ name: p.name, email: p.email, date: p.date });
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: person(commit.author),
      committer: person(commit.committer),
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: {
        verified: false,
        reason: "unsigned",
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
  };
}

/** A check run's `pull_requests`: open pull requests whose head is the run's commit (base sha resolved by the caller). */
export function minimalPulls(
  ctx: ShapeContext,
  repo: RepoRecord,
  headSha: string,
  baseShaOf: (branch: string) => string,
): Record<string, unknown>[] {
  const { api } = repoUrls(ctx, repo);
  const repoRef = { id: repo.id, url: api, name: repo.name };
  return [...repo.issues.values()].flatMap((issue) => {
    const pull = issue.pull;
    if (pull === null || issue.state !== "open" || pull.headSha !== headSha) return [];
    return [
      {
        id: pull.id,
        number: pull.number,
        url: `${api}/pulls/${pull.number}`,
        head: { ref: pull.head, sha: pull.headSha, repo: repoRef },
        base: { ref: pull.base, sha: baseShaOf(pull.base), repo: repoRef },
      },
    ];
  });
}

export function checkRunShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  run: CheckRunRecord,
  pullRequests: Record<string, unknown>[] = [],
): Record<string, unknown> {
  const { api, html } = repoUrls(ctx, repo);
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${html}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${html}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotationsCount,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: appShape(ctx, ctx.state.app),
    pull_requests: pullRequests,
  };
}

export function statusShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  status: StatusRecord,
): Record<string, unknown> {
  return {
    url: `${repoUrls(ctx, repo).api}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: `SC_${status.id}`,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: userShape(ctx, status.creator),
  };
}
