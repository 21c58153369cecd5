// What every route handler shares: the state, shape context, webhooks, and the follow-ups GitHub performs
// after a branch moves (push event, pull request synchronize), whoever moved it (REST, merge or git push).
import type { GitIdentity } from "../../github/git.js";
import { diffFiles, isAncestor } from "./git-compare.js";
import { mergeTree } from "./git-merge.js";
import { commitsBetween, readCommit, resolveCommit, type Signature, ZERO_SHA } from "./git-store.js";
import { requiredChecksMessage } from "./protection.js";
import { type PullFacts, pullShape } from "./shapes-pull.js";
import { repoShape, repoUrls, type ShapeContext, userShape } from "./shapes-repo.js";
import {
  ensureUser,
  type InstallationRecord,
  type IssueRecord,
  type PullRecord,
  type RepoRecord,
  type StandInState,
  timestamp,
} from "./state.js";
import type { Webhooks } from "./webhooks.js";

export interface World {
  state: StandInState;
  /** Git-derived pull request facts by commit ids (immutable, so never stale). */
  factsCache: Map<string, PullFactsCacheEntry>;
  shapes: ShapeContext;
  webhooks: Webhooks;
  dataDir: string;
}

export type PullFactsCacheEntry = Omit<PullFacts, "mergeableState"> & { clean: boolean; behind: boolean };

export const GITHUB_COMMITTER: GitIdentity = { name: "GitHub", email: "noreply@github.com" };

export function identityOf(world: World, login: string): GitIdentity {
  const user = ensureUser(world.state, login);
  // GitHub writes bots as `ID+slug[bot]@users...`; the brackets fail the `email` format its own webhook schema
  // declares, so the stand-in drops them from the address (the name keeps them).
  const local = login.replace(/\[bot\]$/, "-bot");
  return { name: login, email: `${user.id}+${local}@users.noreply.github.com` };
}

export function signature(world: World, identity: GitIdentity): Signature {
  return { identity, date: timestamp(world.state) };
}

export function installationFor(state: StandInState, repo: RepoRecord): InstallationRecord | undefined {
  return [...state.installations.values()].find((i) => i.account.toLowerCase() === repo.owner.toLowerCase());
}

/** Emits a repository event with the envelope every GitHub App delivery carries. */
export function emitRepoEvent(
  world: World,
  event: string,
  repo: RepoRecord,
  sender: string,
  fields: Record<string, unknown>,
): void {
  const installation = installationFor(world.state, repo);
  const payload: Record<string, unknown> = {
    ...fields,
    repository: fields.repository ?? repoShape(world.shapes, repo),
    sender: userShape(world.shapes, sender),
  };
  if (installation !== undefined)
    payload.installation = { id: installation.id, node_id: `MDIz_${installation.id}` };
  world.webhooks.emit(event, payload);
}

/** What the pull request's commits and files are counted against: the base before the merge, once merged. */
export async function diffBaseOf(repo: RepoRecord, pull: PullRecord): Promise<string> {
  if (pull.mergeCommitSha !== null) {
    const parent = (await readCommit(repo.dir, pull.mergeCommitSha)).parents[0];
    if (parent !== undefined) return parent;
  }
  return (await resolveCommit(repo.dir, `refs/heads/${pull.base}`)) ?? pull.headSha;
}

type GitFacts = PullFactsCacheEntry;

// Everything here is a function of commit ids, so it is computed once per (base, head) pair: a rollout reads
// the same pull request many times and each fact costs a git process.
async function gitFacts(
  world: World,
  repo: RepoRecord,
  pull: PullRecord,
  baseSha: string,
): Promise<GitFacts> {
  const diffBase = pull.mergeCommitSha === null ? baseSha : await diffBaseOf(repo, pull);
  const key = `${repo.dir}|${diffBase}|${baseSha}|${pull.headSha}`;
  const cached = world.factsCache.get(key);
  if (cached !== undefined) return cached;
  // Independent questions, asked side by side.
  const [commits, files, contained, ahead] = await Promise.all([
    commitsBetween(repo.dir, diffBase, pull.headSha),
    diffFiles(repo.dir, diffBase, pull.headSha),
    isAncestor(repo.dir, pull.headSha, baseSha),
    isAncestor(repo.dir, baseSha, pull.headSha),
  ]);
  const merge = contained ? { clean: true } : await mergeTree(repo.dir, baseSha, pull.headSha);
  const facts: GitFacts = {
    baseSha,
    mergeable: merge.clean,
    clean: merge.clean,
    behind: !ahead,
    commits: commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changedFiles: files.length,
  };
  world.factsCache.set(key, facts);
  return facts;
}

/** `bases`: the base branches' heads, resolved once for a listing of many pull requests. */
export async function pullFacts(
  world: World,
  repo: RepoRecord,
  pull: PullRecord,
  open: boolean,
  bases?: BaseHeads,
): Promise<PullFacts> {
  const baseSha = (await (bases ?? baseHeads(repo))(pull.base)) ?? pull.headSha;
  const { clean, behind, ...facts } = await gitFacts(world, repo, pull, baseSha);
  if (!open) return { ...facts, mergeable: null, mergeableState: "unknown" };
  const strict = repo.protection.get(pull.base)?.strict === true;
  const blocked = requiredChecksMessage(repo, pull.base, pull.headSha) !== null;
  const mergeableState = !clean ? "dirty" : strict && behind ? "behind" : blocked ? "blocked" : "clean";
  return { ...facts, mergeable: clean, mergeableState };
}

/** Resolves a branch's head, each branch once per resolver (one listing sees one state of the refs). */
export type BaseHeads = (branch: string) => Promise<string | null>;

export function baseHeads(repo: RepoRecord): BaseHeads {
  const heads = new Map<string, Promise<string | null>>();
  return (branch) => {
    let head = heads.get(branch);
    if (head === undefined) {
      head = resolveCommit(repo.dir, `refs/heads/${branch}`);
      heads.set(branch, head);
    }
    return head;
  };
}

export async function pullJson(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  bases?: BaseHeads,
): Promise<Record<string, unknown>> {
  const pull = issue.pull;
  if (pull === null) throw new Error(`#${issue.number} is not a pull request`);
  const facts = await pullFacts(world, repo, pull, issue.state === "open", bases);
  return pullShape(world.shapes, repo, issue, pull, facts);
}

export async function emitPullEvent(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  action: string,
  sender: string,
  extra: Record<string, unknown> = {},
  bases?: BaseHeads,
): Promise<void> {
  const pullRequest = await pullJson(world, repo, issue, bases);
  emitRepoEvent(world, "pull_request", repo, sender, {
    action,
    number: issue.number,
    pull_request: pullRequest,
    ...extra,
  });
}

function pushRepository(world: World, repo: RepoRecord): Record<string, unknown> {
  const shape = repoShape(world.shapes, repo);
  const owner = userShape(world.shapes, repo.owner);
  return {
    ...shape,
    owner: { ...owner, name: repo.owner, email: null },
    created_at: Math.floor(Date.parse(repo.createdAt) / 1000),
    pushed_at: Math.floor(Date.parse(repo.pushedAt) / 1000),
    stargazers: 0,
    master_branch: repo.defaultBranch,
    custom_properties: {},
  };
}

async function pushCommit(world: World, repo: RepoRecord, sha: string, distinct: boolean) {
  const commit = await readCommit(repo.dir, sha);
  const parent = commit.parents[0];
  const files = parent === undefined ? [] : await diffFiles(repo.dir, parent, sha);
  const person = (p: typeof commit.author) => ({ name: p.name, email: p.email, date: p.date });
  return {
    id: sha,
    tree_id: commit.tree,
    distinct,
    message: commit.message,
    timestamp: commit.committer.date,
    url: `${repoUrls(world.shapes, repo).html}/commit/${sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: files.filter((f) => f.status === "added").map((f) => f.filename),
    removed: files.filter((f) => f.status === "removed").map((f) => f.filename),
    modified: files.filter((f) => f.status === "modified").map((f) => f.filename),
  };
}

/** GitHub's reaction to a ref moving: a `push` event, and `synchronize` for open pull requests from that branch. */
export async function afterRefChange(
  world: World,
  repo: RepoRecord,
  ref: string,
  before: string,
  after: string,
  pusher: string,
): Promise<void> {
  repo.pushedAt = timestamp(world.state);
  const created = before === ZERO_SHA;
  const deleted = after === ZERO_SHA;
  // The pushed head's commit and diff are needed below whatever else is: asked now, alongside the rest (the
  // answers are remembered, so the later questions wait for these instead of asking again).
  if (!deleted)
    void readCommit(repo.dir, after)
      .then((c) => (c.parents[0] === undefined ? undefined : diffFiles(repo.dir, c.parents[0], after)))
      .catch(() => undefined);
  let shas: string[] = [];
  if (!deleted) {
    const base = created ? await resolveCommit(repo.dir, `refs/heads/${repo.defaultBranch}`) : before;
    shas =
      base === null || base === after
        ? created
          ? [after]
          : []
        : await commitsBetween(repo.dir, base, after);
  }
  const commits = await Promise.all(shas.slice(-20).map((sha) => pushCommit(world, repo, sha, true)));
  const forced = !created && !deleted && !(await isAncestor(repo.dir, before, after));
  const { html } = repoUrls(world.shapes, repo);
  emitRepoEvent(world, "push", repo, pusher, {
    ref,
    before,
    after,
    created,
    deleted,
    forced,
    base_ref: null,
    compare: `${html}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits,
    head_commit: deleted ? null : (commits.at(-1) ?? (await pushCommit(world, repo, after, false))),
    repository: pushRepository(world, repo),
    pusher: identityOf(world, pusher),
  });
  if (!ref.startsWith("refs/heads/")) return;
  const branch = ref.slice("refs/heads/".length);
  if (deleted) {
    await closePullsFrom(world, repo, branch, pusher);
    return;
  }
  for (const issue of repo.issues.values()) {
    const pull = issue.pull;
    if (pull === null || issue.state !== "open" || pull.head !== branch || pull.headSha === after) continue;
    const previous = pull.headSha;
    pull.headSha = after;
    issue.updatedAt = timestamp(world.state);
    await emitPullEvent(world, repo, issue, "synchronize", pusher, { before: previous, after });
  }
}

/** GitHub closes open pull requests whose head branch is deleted. */
async function closePullsFrom(world: World, repo: RepoRecord, branch: string, actor: string): Promise<void> {
  for (const issue of repo.issues.values()) {
    if (issue.pull === null || issue.state !== "open" || issue.pull.head !== branch) continue;
    const now = timestamp(world.state);
    issue.state = "closed";
    issue.closedAt = now;
    issue.updatedAt = now;
    await emitPullEvent(world, repo, issue, "closed", actor);
  }
}
