// Merging a pull request with real git: `merge-tree --write-tree`, `commit-tree`, then a compare-and-swap of the
// base branch, so a concurrent move of either branch is detected exactly as GitHub detects it.
import { GitHubApiError } from "./errors.js";
import { isAncestor } from "./git-compare.js";
import { mergeTree, replayCommits } from "./git-merge.js";
import { commitsBetween, commitTree, readCommit, resolveCommit, updateRef } from "./git-store.js";
import { PROTECTED_BRANCHES_DOCS, requiredChecksMessage } from "./protection.js";
import { type IssueRecord, type RepoRecord, timestamp } from "./state.js";
import {
  afterRefChange,
  emitPullEvent,
  GITHUB_COMMITTER,
  identityOf,
  signature,
  type World,
} from "./world.js";

export type MergeMethod = "merge" | "squash" | "rebase";

export interface MergeRequest {
  sha: string | undefined;
  method: MergeMethod;
  commitTitle: string | undefined;
  commitMessage: string | undefined;
}

function notMergeable(): GitHubApiError {
  return new GitHubApiError(405, "Pull Request is not mergeable");
}

export async function mergePull(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  request: MergeRequest,
): Promise<{ sha: string; message: string }> {
  const pull = issue.pull;
  if (pull === null || pull.merged || issue.state !== "open") throw notMergeable();
  if (request.sha !== undefined && request.sha !== pull.headSha) {
    throw new GitHubApiError(409, "Head branch was modified. Review and try the merge again.");
  }
  const checks = requiredChecksMessage(repo, pull.base, pull.headSha);
  if (checks !== null) throw new GitHubApiError(405, checks, { documentationUrl: PROTECTED_BRANCHES_DOCS });

  const baseRef = `refs/heads/${pull.base}`;
  const baseSha = await resolveCommit(repo.dir, baseRef);
  if (baseSha === null) throw notMergeable();
  // "Require branches to be up to date before merging": the base head must already be in the pull request.
  if (
    repo.protection.get(pull.base)?.strict === true &&
    !(await isAncestor(repo.dir, baseSha, pull.headSha))
  ) {
    throw new GitHubApiError(409, "Head branch is out of date. Review and try the merge again.");
  }
  const merge = await mergeTree(repo.dir, baseSha, pull.headSha);
  if (!merge.clean) throw notMergeable();

  const author = signature(world, identityOf(world, actor));
  const committer = signature(world, GITHUB_COMMITTER);
  const commits = await commitsBetween(repo.dir, baseSha, pull.headSha);
  let newSha: string | null;
  if (request.method === "rebase") {
    newSha = await replayCommits(repo.dir, baseSha, commits, committer);
    if (newSha === null) throw notMergeable();
  } else {
    const messages = await Promise.all(commits.map(async (sha) => (await readCommit(repo.dir, sha)).message));
    const defaultTitle =
      request.method === "merge"
        ? `Merge pull request #${issue.number} from ${repo.owner}/${pull.head}`
        : `${issue.title} (#${issue.number})`;
    const defaultBody = request.method === "merge" ? issue.title : messages.map((m) => `* ${m}`).join("\n\n");
    const message =
      `${request.commitTitle ?? defaultTitle}\n\n${request.commitMessage ?? defaultBody}`.trimEnd();
    const parents = request.method === "merge" ? [baseSha, pull.headSha] : [baseSha];
    newSha = await commitTree(repo.dir, merge.tree, parents, `${message}\n`, author);
  }
  if (!(await updateRef(repo.dir, baseRef, newSha, baseSha))) {
    throw new GitHubApiError(405, "Base branch was modified. Review and try the merge again.");
  }
  const now = timestamp(world.state);
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergedBy = actor;
  pull.mergeCommitSha = newSha;
  issue.state = "closed";
  issue.closedAt = now;
  issue.updatedAt = now;
  await afterRefChange(world, repo, baseRef, baseSha, newSha, actor);
  await emitPullEvent(world, repo, issue, "closed", actor);
  return { sha: newSha, message: "Pull Request successfully merged" };
}

/** "Update branch": merges the base into the pull request's head branch (a real merge commit, CAS on the head). */
export async function updateBranch(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: string,
  expectedHead: string | undefined,
): Promise<void> {
  const pull = issue.pull;
  if (pull === null || issue.state !== "open") throw new GitHubApiError(422, "Pull request is closed");
  if (expectedHead !== undefined && expectedHead !== pull.headSha) {
    throw new GitHubApiError(422, "expected head sha didn't match current head ref.");
  }
  const baseSha = await resolveCommit(repo.dir, `refs/heads/${pull.base}`);
  if (baseSha === null) throw new GitHubApiError(422, "Base branch does not exist");
  if (await isAncestor(repo.dir, baseSha, pull.headSha)) {
    throw new GitHubApiError(422, "There are no new commits on the base branch.");
  }
  const merge = await mergeTree(repo.dir, pull.headSha, baseSha);
  if (!merge.clean) throw new GitHubApiError(422, "merge conflict between base and head");
  const message = `Merge branch '${pull.base}' into ${pull.head}\n`;
  const sha = await commitTree(
    repo.dir,
    merge.tree,
    [pull.headSha, baseSha],
    message,
    signature(world, identityOf(world, actor)),
  );
  const headRef = `refs/heads/${pull.head}`;
  if (!(await updateRef(repo.dir, headRef, sha, pull.headSha))) {
    throw new GitHubApiError(422, "expected head sha didn't match current head ref.");
  }
  await afterRefChange(world, repo, headRef, pull.headSha, sha, actor);
}
