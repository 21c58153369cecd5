// The GitHubPort: the narrow interface through which the App reads and writes GitHub. The real
// implementation uses Octokit (REST) and pushes commits through the one simple-git factory; tests run it
// against the sandbox's GitHub stand-in. Every write is idempotent: repeating it changes nothing.

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface RepoId {
  owner: string;
  repo: string;
}

export interface IssueView {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  author: string;
  authorType: "User" | "Bot" | "Organization";
  isPullRequest: boolean;
  htmlUrl: string;
  /** How many comments it has (listings carry it): 0 means nobody, the bot included, answered yet. */
  comments?: number;
  updatedAt?: string;
}

export interface CommentView {
  id: number;
  body: string;
  author: string;
  authorType: "User" | "Bot" | "Organization";
  createdAt: string;
  /** How many reactions it has (when the listing says): the bot acknowledges every command it acted on. */
  reactions?: number;
}

export interface PullView {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  mergedAt?: string;
  headRef: string;
  headSha: string;
  /** `owner/repo` of the head branch (a fork's, for a pull request from a fork), when GitHub says. */
  headRepo?: string;
  baseRef: string;
  title: string;
  body: string;
  htmlUrl: string;
  /** The merge commit on the base branch, once merged. */
  mergeCommitSha?: string;
}

export interface FileChange {
  path: string;
  /** New contents; `null` deletes the file. */
  content: string | null;
}

export interface CommitRequest {
  /** Branch to create or move. */
  branch: string;
  /** The commit the new commit's parent must be (the branch is created from it, or force-moved onto it). */
  baseSha: string;
  files: FileChange[];
  message: string;
  /** Fixed author/committer date (ISO 8601): the same request yields the same commit sha. */
  date: string;
  /**
   * The caller expects `branch` not to exist yet (a phase opened for the first time): the commit is pushed at
   * once as a create-only update, saving the look-up of the branch. When it exists after all, the push is
   * refused and the branch is read and compared as without this.
   */
  expectNew?: boolean;
}

export interface CheckRunRequest {
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "cancelled" | "action_required";
  title: string;
  summary: string;
  text?: string;
  detailsUrl?: string;
}

/** A commit status: GitHub keeps every one written; the latest per `context` is the one that counts. */
export interface CommitStatusRequest {
  context: string;
  state: "pending" | "success" | "failure" | "error";
  /** GitHub refuses more than 140 characters: the port cuts longer text. */
  description: string;
  targetUrl?: string;
}

export interface CommitStatusView {
  context: string;
  state: CommitStatusRequest["state"];
  description: string;
  targetUrl?: string;
  /** ISO 8601: when this status was written. */
  createdAt: string;
  /** Who wrote it (the login GitHub records; a reader deciding whom to trust treats a missing one as no one). */
  creator?: string;
}

/** Whether `ref` is a full commit sha (what a file read may be cached and fetched by), not a branch name. */
export const isCommitSha = (ref: string): boolean => /^[0-9a-f]{40}$/.test(ref);

/**
 * How a read of a branch head or a file travels. `git` (the default, where the port can): no REST call, and
 * the objects are at hand for a commit built on them. `rest`: conditional requests (free while nothing
 * changed), for a repository the bot may have no business with, whose first git read would fetch its history.
 */
export interface ReadOptions {
  via?: "git" | "rest";
}

export type MergeOutcome = { merged: true; sha: string } | { merged: false; status: number; reason: string };

export interface GitHubPort {
  readonly repo: RepoId;
  defaultBranch(): Promise<string>;
  /** A file's text at `ref`, or undefined when it does not exist. */
  readFile(
    path: string,
    ref: string,
    options?: ReadOptions,
  ): Promise<{ text: string; sha: string } | undefined>;
  /** The sha a branch points at, or undefined. */
  branchSha(branch: string, options?: ReadOptions): Promise<string | undefined>;
  /**
   * Creates one commit with `files` on top of `baseSha` and points `branch` at it (creating the branch, or
   * moving it with force when it exists). Idempotent: when the branch already holds exactly this change on
   * this base, nothing is pushed. Returns the branch's head sha.
   */
  commitFiles(request: CommitRequest): Promise<string>;
  deleteBranch(branch: string): Promise<void>;
  /**
   * Creates the fully qualified `ref` (e.g. `refs/node-patch-bot/…`) at `sha` only if it does not exist: true
   * when this call created it, false when it existed already. Git's compare-and-swap makes it a claim that
   * exactly one of several replicas wins.
   */
  createRef(ref: string, sha: string): Promise<boolean>;

  getIssue(issue: number): Promise<IssueView>;
  /** `since` (ISO 8601): only issues updated at or after it, as GitHub's listing filters them. */
  listIssues(query: {
    labels?: string[];
    state?: "open" | "closed" | "all";
    since?: string;
  }): Promise<IssueView[]>;
  createIssue(input: { title: string; body: string; labels?: string[] }): Promise<IssueView>;
  updateIssue(
    issue: number,
    input: { title?: string; body?: string; state?: "open" | "closed" },
  ): Promise<void>;
  listComments(issue: number): Promise<CommentView[]>;
  createComment(issue: number, body: string): Promise<CommentView>;
  updateComment(commentId: number, body: string): Promise<void>;
  addLabels(issue: number, labels: string[]): Promise<void>;
  removeLabel(issue: number, label: string): Promise<void>;
  addReaction(commentId: number, content: "+1" | "-1" | "eyes" | "rocket" | "confused"): Promise<void>;
  permission(user: string): Promise<Permission>;

  /** Pull requests (open and closed) whose head branch starts with `prefix`. */
  listPulls(prefix: string): Promise<PullView[]>;
  /** Opens a pull request, or returns the open one that already exists for `head`. */
  openPull(input: {
    head: string;
    base: string;
    title: string;
    body: string;
    labels?: string[];
  }): Promise<PullView>;
  updatePull(
    pull: number,
    input: { title?: string; body?: string; state?: "open" | "closed" },
  ): Promise<void>;
  /** Merges only if the head is still `sha` (GitHub answers 409 otherwise). */
  mergePull(pull: number, sha: string, method: "merge" | "squash" | "rebase"): Promise<MergeOutcome>;
  /** Creates the check run named `name` on `headSha`, or updates it; writes nothing when nothing changed. */
  upsertCheckRun(request: CheckRunRequest): Promise<void>;
  /**
   * The latest status of each context and author on `ref` (a sha or a branch), newest first, each with its
   * `creator` (GitHub's list of statuses; the combined status names no creator).
   */
  commitStatuses(ref: string): Promise<CommitStatusView[]>;
  /** Adds a status on `sha`. Not idempotent by itself: compare with `commitStatuses` first. */
  setCommitStatus(sha: string, status: CommitStatusRequest): Promise<void>;
}
