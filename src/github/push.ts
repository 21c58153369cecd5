// Deterministic commits pushed through git: a bare clone per repository under `workDir` is only a cache of
// objects (the app is stateless; delete it any time). A commit is built without checking anything out: the
// base tree is read into a private index file with an empty scratch work tree (each call has its own, and
// nothing is written into the repository but objects, so concurrent calls and several ports sharing the
// cache do not interfere; a `git worktree` would, as its half-made HEAD breaks a concurrent fetch), blobs are written with
// `hash-object`, and `commit-tree` runs with the fixed identity and date, so the same request always yields
// the same commit. The push is a compare-and-swap (`--force-with-lease` with the sha seen a moment before).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { createGit } from "./git.js";
import { type CommitRequest, isCommitSha, type RepoId } from "./port.js";

export interface CommitterOptions {
  repo: RepoId;
  /** The repository's git URL; credentials in it are ignored (each network call uses a fresh `token()`). */
  gitUrl: string;
  token: () => Promise<string>;
  workDir: string;
}

export interface Committer {
  commitFiles(request: CommitRequest): Promise<string>;
  /** The sha `branch` points at on the remote (git `ls-remote`: no REST call), or undefined. */
  remoteBranchSha(branch: string): Promise<string | undefined>;
  /**
   * `path`'s text and blob id at commit `sha`, fetched through git (no REST call; the objects stay cached for
   * building a phase on that commit), or undefined when the commit has no such file.
   */
  readFileAt(sha: string, path: string): Promise<{ text: string; sha: string } | undefined>;
}

const READ_ATTEMPTS = 3;
const READ_RETRY_MS = 200;

/** Rejects paths git would store oddly or that escape the tree: absolute, `.`/`..`/empty segments, `.git`. */
export function checkPath(path: string): void {
  const segments = path.split("/");
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.toLowerCase() === ".git")) {
    throw new Error(`commitFiles: invalid path ${JSON.stringify(path)}`);
  }
}

/** The URL without credentials, safe to show. */
export function publicGitUrl(gitUrl: string): string {
  const url = new URL(gitUrl);
  url.username = "";
  url.password = "";
  return url.toString();
}

export function createCommitter(options: CommitterOptions): Committer {
  const plainUrl = publicGitUrl(options.gitUrl);
  const embedded = decodeURIComponent(new URL(options.gitUrl).password);
  const cacheDir = join(options.workDir, options.repo.owner, `${options.repo.repo}.git`);
  let ready: Promise<SimpleGit> | undefined;
  // This port created the cache: it holds no commits yet, so asking whether it has one is a process for nothing.
  let created = false;

  /** The cache's git, created on first use (simple-git needs the directory to exist). */
  function ensureCache(): Promise<SimpleGit> {
    ready ??= (async () => {
      await mkdir(cacheDir, { recursive: true });
      const git = createGit(cacheDir);
      // Ports of concurrent events may initialise the same fresh cache at once: re-initialising is harmless.
      if (!existsSync(join(cacheDir, "HEAD"))) {
        await git.init(true);
        created = true;
      }
      // Worktrees left in the cache by versions that built trees in one; a concurrent prune may hold the lock.
      // (Checked first: the cache is opened once per event, and a process for nothing costs tens of ms.)
      if (existsSync(join(cacheDir, "worktrees")))
        await git.raw(["worktree", "prune"]).catch(() => undefined);
      return git;
    })();
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  }

  /**
   * A network read (`ls-remote`, `fetch`): it changes nothing, so a failure is tried again twice, a moment
   * later, as Octokit does for REST (git has no retries of its own for a dropped connection or a 5xx).
   */
  async function remoteRead<T>(what: string, run: (git: SimpleGit, url: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await remote(what, run);
      } catch (error) {
        if (attempt >= READ_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS * attempt));
      }
    }
  }

  /**
   * Runs a network git command with a fresh token; the token never leaves here. It goes in an `Authorization`
   * header from the first request on (as actions/checkout sends it: credentials in the URL are sent only after
   * a 401, one more round trip per connection), through the environment rather than the command line.
   */
  async function remote<T>(what: string, run: (git: SimpleGit, url: string) => Promise<T>): Promise<T> {
    await ensureCache();
    const token = await options.token();
    const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
    const git = createGit(cacheDir, {
      secretConfig: { "http.extraHeader": `Authorization: Basic ${basic}` },
    });
    try {
      return await run(git, plainUrl);
    } catch (error) {
      const secrets = [basic, token, embedded].filter((s) => s.length > 0);
      let text = error instanceof Error ? error.message : String(error);
      for (const secret of secrets) text = text.split(secret).join("***");
      text = text.replace(/\/\/[^/@\s]*@/g, "//***@");
      // No `cause`: the original error carries the command line.
      throw new Error(`git ${what} ${plainUrl} failed: ${text.trim()}`);
    }
  }

  async function remoteBranchSha(branch: string): Promise<string | undefined> {
    const ref = `refs/heads/${branch}`;
    const out = await remoteRead("ls-remote", (git, url) => git.raw(["ls-remote", url, ref]));
    for (const line of out.split("\n")) {
      const [sha, name] = line.split("\t");
      if (name === ref && sha !== undefined && isCommitSha(sha)) return sha;
    }
    return undefined;
  }

  async function hasCommit(sha: string): Promise<boolean> {
    const cache = await ensureCache();
    try {
      return (await cache.raw(["cat-file", "-t", sha])).trim() === "commit";
    } catch {
      return false;
    }
  }

  async function fetchMissing(shas: string[]): Promise<void> {
    await ensureCache();
    const empty = created;
    created = false;
    const present = empty ? shas.map(() => false) : await Promise.all(shas.map(hasCommit));
    const missing = shas.filter((_, i) => !present[i]);
    if (missing.length === 0) return;
    await remoteRead("fetch", (git, url) =>
      // Fetched bases and built commits are unreferenced: no automatic gc may prune them mid-call.
      git.raw(["-c", "gc.auto=0", "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", url, ...missing]),
    );
  }

  async function treeAndParents(sha: string): Promise<{ tree: string; parents: string[] }> {
    const cache = await ensureCache();
    const [tree = "", ...parents] = (await cache.raw(["show", "-s", "--format=%T %P", sha]))
      .trim()
      .split(" ")
      .filter((s) => s !== "");
    return { tree, parents };
  }

  async function buildTree(request: CommitRequest): Promise<string> {
    await ensureCache();
    const scratch = await mkdtemp(join(options.workDir, ".commit-"));
    const workTree = join(scratch, "tree");
    const blobs = join(scratch, "blobs");
    await Promise.all([mkdir(blobs), mkdir(workTree)]);
    try {
      const git = createGit(cacheDir, { scratch: { indexFile: join(scratch, "index"), workTree } });
      const writes = request.files.filter((f) => f.content !== null);
      const deletes = request.files.filter((f) => f.content === null).map((f) => f.path);
      // Reading the base tree into the index, hashing the new blobs and reading the modes they replace are
      // independent: they run side by side (each is a git process, and a push is a dozen of them).
      const [, shas, modes] = await Promise.all([
        git.raw(["read-tree", request.baseSha]),
        hashBlobs(
          git,
          blobs,
          writes.map((f) => f.content ?? ""),
        ),
        existingModes(
          git,
          request.baseSha,
          writes.map((f) => f.path),
        ),
      ]);
      if (writes.length > 0) {
        const args = writes.flatMap((f, i) => [
          "--cacheinfo",
          `${modes.get(f.path) ?? "100644"},${shas[i]},${f.path}`,
        ]);
        await git.raw(["update-index", "--add", "--replace", ...args]);
      }
      if (deletes.length > 0) await git.raw(["update-index", "--force-remove", "--", ...deletes]);
      return (await git.raw(["write-tree"])).trim();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  async function commitFiles(request: CommitRequest): Promise<string> {
    if (!isCommitSha(request.baseSha))
      throw new Error(`commitFiles: baseSha ${request.baseSha} is not a sha`);
    for (const file of request.files) checkPath(file.path);
    // A branch expected not to exist is not looked up first: the create-only push below is the check.
    const current = request.expectNew === true ? undefined : await remoteBranchSha(request.branch);
    await fetchMissing(current === undefined ? [request.baseSha] : [request.baseSha, current]);
    const tree = await buildTree(request);
    if (current !== undefined && (await sameChange(current, tree, request.baseSha))) return current;
    const git = createGit(cacheDir, { date: request.date });
    const sha = (await git.raw(["commit-tree", tree, "-p", request.baseSha, "-m", request.message])).trim();
    const ref = `refs/heads/${request.branch}`;
    try {
      await remote("push", (network, url) =>
        network.raw(["push", "--quiet", `--force-with-lease=${ref}:${current ?? ""}`, url, `${sha}:${ref}`]),
      );
    } catch (error) {
      // Another replica may have pushed the very same change meanwhile: that is success, not a conflict.
      const now = await remoteBranchSha(request.branch);
      if (now === sha) return sha;
      // The branch existed after all (an interrupted earlier attempt): decide as without the expectation.
      if (request.expectNew === true && now !== undefined)
        return commitFiles({ ...request, expectNew: false });
      if (now !== undefined && now !== current) {
        await fetchMissing([now]);
        if (await sameChange(now, tree, request.baseSha)) return now;
      }
      throw error;
    }
    return sha;
  }

  async function sameChange(commit: string, tree: string, baseSha: string): Promise<boolean> {
    const existing = await treeAndParents(commit);
    return existing.tree === tree && existing.parents.length === 1 && existing.parents[0] === baseSha;
  }

  async function readFileAt(sha: string, path: string): Promise<{ text: string; sha: string } | undefined> {
    if (!isCommitSha(sha)) throw new Error(`readFileAt: ${sha} is not a sha`);
    checkPath(path);
    await fetchMissing([sha]);
    const cache = await ensureCache();
    const entry = await cache.raw(["--literal-pathspecs", "ls-tree", "-z", "--full-tree", sha, "--", path]);
    const match = /^(\d{6}) (\w+) ([0-9a-f]{40})\t(.*)$/s.exec(entry.split("\0")[0] ?? "");
    if (match === null || match[4] !== path) return undefined;
    if (match[2] !== "blob")
      throw new Error(`readFile: ${path} at ${sha} is a ${match[2] === "tree" ? "directory" : match[2]}`);
    const blob = match[3] ?? "";
    return { text: await cache.catFile(["blob", blob]), sha: blob };
  }

  return { commitFiles, remoteBranchSha, readFileAt };
}

async function existingModes(
  git: ReturnType<typeof createGit>,
  baseSha: string,
  paths: string[],
): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (paths.length === 0) return modes;
  const out = await git.raw(["--literal-pathspecs", "ls-tree", "-z", "--full-tree", baseSha, "--", ...paths]);
  for (const entry of out.split("\0")) {
    const match = /^(\d{6}) \w+ [0-9a-f]{40}\t(.*)$/s.exec(entry);
    // Keep an executable bit; a symlink or submodule replaced by text becomes a regular file.
    if (match?.[1] === "100755" && match[2] !== undefined) modes.set(match[2], "100755");
  }
  return modes;
}

/** Writes `contents` as blobs (through files in `dir`: hash-object reads paths) and returns their shas. */
async function hashBlobs(
  git: ReturnType<typeof createGit>,
  dir: string,
  contents: string[],
): Promise<string[]> {
  if (contents.length === 0) return [];
  const files = contents.map((_, i) => join(dir, String(i)));
  await Promise.all(contents.map((content, i) => writeFile(files[i] ?? "", content)));
  return (await git.raw(["hash-object", "-w", "--no-filters", ...files])).trim().split("\n");
}
