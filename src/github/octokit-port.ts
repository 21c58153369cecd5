// The GitHubPort over Octokit (REST) for one repository and installation, with commits pushed, and branch
// heads and files at a commit read, through git (./push.ts; ./rest-reads.ts reads them through REST). Every
// answer the port maps is validated (./rest-shapes.ts); every write is idempotent or reports GitHub's refusal
// as a value where the caller must decide (merges).
import { upsertCheckRun } from "./check-runs.js";
import { createStatusMethods } from "./commit-statuses.js";
import { messageOf, statusOf, unless, validationMessages } from "./http-errors.js";
import { truncateChars } from "./limits.js";
import type { OctokitLike } from "./octokit-types.js";
import {
  type GitHubPort,
  isCommitSha,
  type MergeOutcome,
  type Permission,
  type PullView,
  type ReadOptions,
  type RepoId,
} from "./port.js";
import { createCommitter } from "./push.js";
import { createRestReads } from "./rest-reads.js";
import {
  createShapeChecker,
  type ShapeChecker,
  toCommentView,
  toIssueView,
  toPullView,
} from "./rest-shapes.js";

export { cutDescription, STATUS_DESCRIPTION_MAX_CHARS } from "./commit-statuses.js";
export type { OctokitLike } from "./octokit-types.js";
export { gitBlobSha } from "./rest-reads.js";

export interface OctokitPortOptions {
  /** `new Octokit(...)` from @octokit/rest 22, or Probot's `context.octokit`. */
  octokit: OctokitLike;
  repo: RepoId;
  /** The repository's git URL (`https://github.com/o/r.git`); any credentials in it are ignored. */
  gitUrl: string;
  /** A fresh installation token, asked for before each git network call (tokens expire after an hour). */
  token: () => Promise<string>;
  /** Cache directory for a bare clone per repository; safe to delete, safe to share between ports. */
  workDir: string;
  /**
   * The response validators, compiled once by the app (compiling them costs about 0.1 s, and the app makes a
   * port per event); compiled for this port without it.
   */
  shapes?: ShapeChecker;
  /**
   * Branch heads and files at a commit are read through git (the default): no REST call, and the objects are
   * then at hand for the commit built on them. `false` reads them through REST, for a client that never
   * pushes and reaches only the API (the in-cluster agent).
   */
  gitReads?: boolean;
}

const PERMISSIONS: readonly Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];

export function createOctokitPort(options: OctokitPortOptions): GitHubPort {
  const { octokit, repo } = options;
  const rest = octokit.rest;
  const check = options.shapes ?? createShapeChecker();
  const committer = createCommitter(options);
  const gitReads = options.gitReads ?? true;
  const viaGit = (how?: ReadOptions) => gitReads && how?.via !== "rest";
  const restReads = createRestReads({ rest, repo, check });
  let defaultBranch: Promise<string> | undefined;
  // Heads whose pull request this port (one event's) created and that have no check run yet: the first check
  // run on one is created without reading the runs first (see upsertCheckRun).
  const freshHeads = new Set<string>();

  const pullsListing = "GET /repos/{owner}/{repo}/pulls";

  async function findOpenPull(head: string): Promise<PullView | undefined> {
    const { data } = await rest.pulls.list({ ...repo, head: `${repo.owner}:${head}`, state: "open" });
    const pulls = data.map((p: unknown) => toPullView(check("Pull", pullsListing, p)));
    return pulls.find((p) => p.headRef === head);
  }

  async function addLabels(issue: number, labels: string[]): Promise<void> {
    if (labels.length === 0) return;
    await rest.issues.addLabels({ ...repo, issue_number: issue, labels });
  }

  return {
    repo,

    defaultBranch() {
      defaultBranch ??= rest.repos
        .get({ owner: repo.owner, repo: repo.repo })
        .then(({ data }) => check("Repository", "GET /repos/{owner}/{repo}", data).default_branch);
      defaultBranch.catch(() => {
        defaultBranch = undefined;
      });
      return defaultBranch;
    },

    // A file at a commit and a branch head come through git (like the commits the bot builds on them): no
    // REST call, only the objects not fetched yet (a 1,000-machine manifest's next version is a small delta).
    readFile: (path, ref, how) =>
      viaGit(how) && isCommitSha(ref) ? committer.readFileAt(ref, path) : restReads.readFile(path, ref),
    branchSha: (branch, how) =>
      viaGit(how) ? committer.remoteBranchSha(branch) : restReads.branchSha(branch),

    commitFiles: (request) => committer.commitFiles(request),

    async deleteBranch(branch) {
      // 422 "Reference does not exist" (and 404) mean it is already gone.
      await unless([404, 422], undefined, () => rest.git.deleteRef({ ...repo, ref: `heads/${branch}` }));
    },

    async createRef(ref, sha) {
      try {
        await rest.git.createRef({ ...repo, ref, sha });
        return true;
      } catch (error) {
        // GitHub answers 422 for other refusals too (an unknown sha, a bad name): only this one means "taken".
        if (statusOf(error) === 422 && /already exists/i.test(messageOf(error))) return false;
        throw error;
      }
    },

    async getIssue(issue) {
      const { data } = await rest.issues.get({ ...repo, issue_number: issue });
      return toIssueView(check("Issue", "GET /repos/{owner}/{repo}/issues/{issue_number}", data));
    },

    async listIssues(query) {
      const items = await octokit.paginate(rest.issues.listForRepo, {
        ...repo,
        state: query.state ?? "open",
        ...(query.labels === undefined || query.labels.length === 0
          ? {}
          : { labels: query.labels.join(",") }),
        ...(query.since === undefined ? {} : { since: query.since }),
        per_page: 100,
      });
      return items.map((i: unknown) => toIssueView(check("Issue", "GET /repos/{owner}/{repo}/issues", i)));
    },

    async createIssue(input) {
      const { data } = await rest.issues.create({
        ...repo,
        title: input.title,
        body: truncateChars(input.body),
        ...(input.labels === undefined ? {} : { labels: input.labels }),
      });
      return toIssueView(check("Issue", "POST /repos/{owner}/{repo}/issues", data));
    },

    async updateIssue(issue, input) {
      await rest.issues.update({
        ...repo,
        issue_number: issue,
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.body === undefined ? {} : { body: truncateChars(input.body) }),
        ...(input.state === undefined ? {} : { state: input.state }),
      });
    },

    async listComments(issue) {
      const endpoint = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
      const items = await octokit.paginate(rest.issues.listComments, {
        ...repo,
        issue_number: issue,
        per_page: 100,
      });
      return items.map((c: unknown) => toCommentView(check("Comment", endpoint, c)));
    },

    async createComment(issue, body) {
      const { data } = await rest.issues.createComment({
        ...repo,
        issue_number: issue,
        body: truncateChars(body),
      });
      return toCommentView(
        check("Comment", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", data),
      );
    },

    async updateComment(commentId, body) {
      await rest.issues.updateComment({ ...repo, comment_id: commentId, body: truncateChars(body) });
    },

    addLabels,

    async removeLabel(issue, label) {
      await unless([404], undefined, () =>
        rest.issues.removeLabel({ ...repo, issue_number: issue, name: label }),
      );
    },

    async addReaction(commentId, content) {
      // GitHub answers 200 with the existing reaction when this one is already there.
      await rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
    },

    async permission(user) {
      const response = await unless([404], undefined, () =>
        rest.repos.getCollaboratorPermissionLevel({ ...repo, username: user }),
      );
      if (response === undefined) return "none";
      const endpoint = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";
      const answer = check("CollaboratorPermission", endpoint, response.data);
      // role_name distinguishes maintain and triage; custom roles fall back to the legacy base permission.
      const named = PERMISSIONS.find((p) => p === answer.role_name);
      return named ?? PERMISSIONS.find((p) => p === answer.permission) ?? "none";
    },

    async listPulls(prefix) {
      const items = await octokit.paginate(rest.pulls.list, {
        ...repo,
        state: "all",
        sort: "created",
        direction: "desc",
        per_page: 100,
      });
      // Only branches of this repository are phases: a fork can name a branch like one, and must not pass
      // for the bot's (a deleted fork's pull request has no head repository at all).
      const own = `${repo.owner}/${repo.repo}`.toLowerCase();
      return items
        .map((p: unknown) => toPullView(check("Pull", pullsListing, p)))
        .filter((p) => p.headRef.startsWith(prefix) && p.headRepo?.toLowerCase() === own);
    },

    async openPull(input) {
      let pull: PullView;
      try {
        const { data } = await rest.pulls.create({
          ...repo,
          head: input.head,
          base: input.base,
          title: input.title,
          body: truncateChars(input.body),
        });
        pull = toPullView(check("Pull", "POST /repos/{owner}/{repo}/pulls", data));
        freshHeads.add(pull.headSha);
      } catch (error) {
        const exists =
          statusOf(error) === 422 && validationMessages(error).some((m) => /already exists/i.test(m));
        const found = exists ? await findOpenPull(input.head) : undefined;
        if (found === undefined) throw error;
        pull = found;
      }
      await addLabels(pull.number, input.labels ?? []);
      return pull;
    },

    async updatePull(pull, input) {
      await rest.pulls.update({
        ...repo,
        pull_number: pull,
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.body === undefined ? {} : { body: truncateChars(input.body) }),
        ...(input.state === undefined ? {} : { state: input.state }),
      });
    },

    async mergePull(pull, sha, method): Promise<MergeOutcome> {
      try {
        const { data } = await rest.pulls.merge({
          ...repo,
          pull_number: pull,
          sha,
          merge_method: method,
          // A refusal is an answer, not a transient failure: Probot's retry plugin would repeat 405/409.
          request: { retries: 0 },
        });
        const result = check("MergeResult", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", data);
        return result.merged
          ? { merged: true, sha: result.sha }
          : { merged: false, status: 200, reason: result.message ?? "not merged" };
      } catch (error) {
        const status = statusOf(error);
        if (status === 405 || status === 409 || status === 422) {
          return { merged: false, status, reason: messageOf(error) };
        }
        throw error;
      }
    },

    async upsertCheckRun(request) {
      const noneYet = freshHeads.delete(request.headSha);
      await upsertCheckRun(octokit, repo, check, request, noneYet);
    },

    ...createStatusMethods(octokit, repo),
  };
}
