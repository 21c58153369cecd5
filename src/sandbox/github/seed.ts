// The in-process seeding API tests and the demo use to set the scene: repositories with files, users and their
// permissions, installations, branch protection, and issues/comments opened "as a user" (emitting webhooks).
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { commitFiles, initBare, readBlob, resolveCommit, updateRef, ZERO_SHA } from "./git-store.js";
import { createComment, openIssue } from "./issue-ops.js";
import { installPreReceiveHook } from "./pre-receive.js";
import { issueInstallationToken } from "./routes-app.js";
import { installationShape, userShape } from "./shapes-repo.js";
import {
  allocateId,
  ensureUser,
  type Permission,
  type RepoRecord,
  repoKey,
  type StandInState,
  timestamp,
} from "./state.js";
import { afterRefChange, identityOf, installationFor, signature, type World } from "./world.js";

export interface CreateRepoOptions {
  owner: string;
  name: string;
  files?: Record<string, string>;
  defaultBranch?: string;
  message?: string;
  /** Private by default: permission "none" then really means no access. */
  private?: boolean;
  /** Install the app on the owner's account (silently, without a webhook) unless false. */
  install?: boolean;
}

export interface SeededRepo {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  headSha: string;
  /** The bare repository on disk. */
  dir: string;
}

export interface SeedApi {
  createRepo(options: CreateRepoOptions): Promise<SeededRepo>;
  addUser(login: string): void;
  setPermission(fullName: string, login: string, permission: Permission): void;
  /** Installs the app on an account; emits `installation.created` (listing the account's repositories) when `emit` is true. */
  installApp(account: string, options?: { emit?: boolean; sender?: string }): number;
  /**
   * Emits `installation_repositories.added` for repositories of the account's installation, as GitHub does when
   * an installation limited to selected repositories gains some (access itself is not narrowed in the stand-in).
   */
  announceRepositories(account: string, fullNames: string[], options?: { sender?: string }): void;
  installationId(account: string): number;
  installationToken(installationId: number): string;
  userToken(login: string): string;
  protectBranch(fullName: string, branch: string, checks: { contexts: string[]; strict?: boolean }): void;
  openIssue(
    fullName: string,
    author: string,
    fields: { title: string; body?: string; labels?: string[] },
  ): Promise<number>;
  comment(fullName: string, author: string, issueNumber: number, body: string): number;
  /** Commits files on a branch as `author` (creating the branch from the default one if needed); emits `push`. */
  commit(
    fullName: string,
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author?: string,
  ): Promise<string>;
  readFile(fullName: string, ref: string, path: string): Promise<string | null>;
  resolve(fullName: string, ref: string): Promise<string | null>;
  repo(fullName: string): RepoRecord;
}

/** A repository as installation events list it (GitHub sends only these fields). */
function installedRepoShape(repo: RepoRecord): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
  };
}

function lookup(state: StandInState, fullName: string): RepoRecord {
  const [owner, name] = fullName.split("/");
  const repo = state.repos.get(repoKey(owner ?? "", name ?? ""));
  if (repo === undefined) throw new Error(`no repository ${fullName}`);
  return repo;
}

export function createSeedApi(world: World): SeedApi {
  const { state } = world;
  const api: SeedApi = {
    async createRepo(options) {
      ensureUser(state, options.owner);
      const defaultBranch = options.defaultBranch ?? "main";
      const dir = join(world.dataDir, options.owner, `${options.name}.git`);
      await mkdir(join(world.dataDir, options.owner), { recursive: true });
      await initBare(dir, defaultBranch);
      await installPreReceiveHook(dir);
      const now = timestamp(state);
      const repo: RepoRecord = {
        id: allocateId(state),
        owner: options.owner,
        name: options.name,
        dir,
        defaultBranch,
        private: options.private ?? true,
        createdAt: now,
        updatedAt: now,
        pushedAt: now,
        permissions: new Map(),
        protection: new Map(),
        issues: new Map(),
        comments: new Map(),
        checkRuns: new Map(),
        statuses: [],
        labels: new Map(),
        nextNumber: 1,
      };
      state.repos.set(repoKey(options.owner, options.name), repo);
      let headSha = ZERO_SHA;
      if (options.files !== undefined) {
        const sig = signature(world, identityOf(world, options.owner));
        headSha = await commitFiles(dir, null, options.files, options.message ?? "Initial commit", sig);
        await updateRef(dir, `refs/heads/${defaultBranch}`, headSha, ZERO_SHA);
      }
      if (options.install !== false && installationFor(state, repo) === undefined)
        api.installApp(options.owner);
      return {
        owner: repo.owner,
        name: repo.name,
        fullName: `${repo.owner}/${repo.name}`,
        defaultBranch,
        headSha,
        dir,
      };
    },
    addUser(login) {
      ensureUser(state, login);
    },
    setPermission(fullName, login, permission) {
      ensureUser(state, login);
      lookup(state, fullName).permissions.set(login.toLowerCase(), permission);
    },
    installApp(account, options = {}) {
      ensureUser(state, account);
      const installation = { id: allocateId(state), account, createdAt: timestamp(state) };
      state.installations.set(installation.id, installation);
      if (options.emit === true) {
        const sender = options.sender ?? account;
        // GitHub lists the repositories the installation covers: here every repository of the account.
        world.webhooks.emit("installation", {
          action: "created",
          installation: installationShape(world.shapes, installation),
          repositories: [...state.repos.values()]
            .filter((r) => r.owner.toLowerCase() === account.toLowerCase())
            .map(installedRepoShape),
          requester: null,
          sender: userShape(world.shapes, sender),
        });
      }
      return installation.id;
    },
    announceRepositories(account, fullNames, options = {}) {
      const id = api.installationId(account);
      const installation = state.installations.get(id);
      if (installation === undefined) throw new Error(`no installation ${id}`);
      world.webhooks.emit("installation_repositories", {
        action: "added",
        installation: installationShape(world.shapes, installation),
        repository_selection: "selected",
        repositories_added: fullNames.map((fullName) => installedRepoShape(lookup(state, fullName))),
        repositories_removed: [],
        requester: null,
        sender: userShape(world.shapes, options.sender ?? account),
      });
    },
    installationId(account) {
      const found = [...state.installations.values()].find(
        (i) => i.account.toLowerCase() === account.toLowerCase(),
      );
      if (found === undefined) throw new Error(`no installation on ${account}`);
      return found.id;
    },
    installationToken(installationId) {
      return issueInstallationToken(world, installationId).token;
    },
    userToken(login) {
      ensureUser(state, login);
      const token = `ghu_${randomBytes(18).toString("base64url")}`;
      state.tokens.set(token, { kind: "user", login });
      return token;
    },
    protectBranch(fullName, branch, checks) {
      const contexts = [...checks.contexts];
      const raw = { required_status_checks: { strict: checks.strict ?? false, contexts } };
      lookup(state, fullName).protection.set(branch, {
        strict: checks.strict ?? false,
        contexts,
        checks: contexts.map((context) => ({ context, app_id: null })),
        raw,
      });
    },
    async openIssue(fullName, author, fields) {
      ensureUser(state, author);
      return (await openIssue(world, lookup(state, fullName), author, fields)).number;
    },
    comment(fullName, author, issueNumber, body) {
      const repo = lookup(state, fullName);
      const issue = repo.issues.get(issueNumber);
      if (issue === undefined) throw new Error(`no issue #${issueNumber} in ${fullName}`);
      return createComment(world, repo, issue, author, body).id;
    },
    async commit(fullName, branch, files, message, author) {
      const repo = lookup(state, fullName);
      const ref = `refs/heads/${branch}`;
      const before = await resolveCommit(repo.dir, ref);
      const parent = before ?? (await resolveCommit(repo.dir, `refs/heads/${repo.defaultBranch}`));
      const who = author ?? repo.owner;
      const sha = await commitFiles(
        repo.dir,
        parent,
        files,
        message,
        signature(world, identityOf(world, who)),
      );
      if (!(await updateRef(repo.dir, ref, sha, before ?? ZERO_SHA)))
        throw new Error(`${ref} moved concurrently`);
      await afterRefChange(world, repo, ref, before ?? ZERO_SHA, sha, who);
      return sha;
    },
    async readFile(fullName, ref, path) {
      const blob = await readBlob(lookup(state, fullName).dir, ref, path);
      return blob === null ? null : blob.content.toString("utf8");
    },
    resolve(fullName, ref) {
      return resolveCommit(lookup(state, fullName).dir, ref);
    },
    repo(fullName) {
      return lookup(state, fullName);
    },
  };
  return api;
}
