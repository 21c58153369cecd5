// Real git plumbing on the stand-in's bare repositories: commits, refs with compare-and-swap, and merges with
// `git merge-tree --write-tree`, so whatever the app reads back is what git itself would produce.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitIdentity, hermeticGitEnv } from "../../github/git.js";
import { knownGit, rememberedGit, teachGit } from "./git-memo.js";
import { readRefFile, readRefFiles } from "./ref-files.js";

export const ZERO_SHA = "0000000000000000000000000000000000000000";

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
}

export interface Signature {
  identity: GitIdentity;
  date: string;
}

export function runGit(
  gitDir: string,
  args: string[],
  options: { input?: Buffer | string; env?: Record<string, string>; cwd?: string } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // In a worktree (`cwd`), git finds its own repository; everywhere else it is pointed at the bare one.
    const argv = options.cwd === undefined ? [`--git-dir=${gitDir}`, ...args] : args;
    const child = spawn("git", argv, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...hermeticGitEnv(), ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
    if (child.stdin !== null) {
      // git may exit before reading its input (e.g. on a bad object); that is reported through the exit code.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
  });
}

export async function gitText(gitDir: string, args: string[], options: Parameters<typeof runGit>[2] = {}) {
  const result = await runGit(gitDir, args, options);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.toString("utf8").trim();
}

function signatureEnv(signature: Signature): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: signature.identity.name,
    GIT_AUTHOR_EMAIL: signature.identity.email,
    GIT_AUTHOR_DATE: signature.date,
    GIT_COMMITTER_NAME: signature.identity.name,
    GIT_COMMITTER_EMAIL: signature.identity.email,
    GIT_COMMITTER_DATE: signature.date,
  };
}

export async function initBare(dir: string, defaultBranch: string): Promise<void> {
  const result = await runGit(dir, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, dir]);
  if (result.code !== 0) throw new Error(`git init failed: ${result.stderr}`);
  // Pushes arrive through http-backend; the bridge authenticates them, git need not.
  await gitText(dir, ["config", "http.receivepack", "true"]);
}

export async function resolveCommit(gitDir: string, rev: string): Promise<string | null> {
  // A branch is read from the ref files (branches point at commits); anything else is git's to resolve.
  if (rev.startsWith("refs/heads/")) {
    const sha = await readRefFile(gitDir, rev);
    if (sha !== undefined) return sha;
  }
  const result = await runGit(gitDir, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  return result.code === 0 ? result.stdout.toString("utf8").trim() : null;
}

export async function listRefs(gitDir: string, prefix = "refs/"): Promise<Map<string, string>> {
  const read = await readRefFiles(gitDir, prefix);
  if (read !== undefined) return read;
  const text = await gitText(gitDir, ["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
  const refs = new Map<string, string>();
  for (const line of text.split("\n")) {
    const [name, sha] = line.split(" ");
    if (name && sha) refs.set(name, sha);
  }
  return refs;
}

/** Compare-and-swap: `expected` = ZERO_SHA creates, `null` skips the check. Returns false when the ref moved. */
export async function updateRef(gitDir: string, ref: string, sha: string, expected: string | null) {
  const args = ["update-ref", ref, sha];
  if (expected !== null) args.push(expected);
  return (await runGit(gitDir, args)).code === 0;
}

export async function deleteRef(gitDir: string, ref: string): Promise<boolean> {
  return (await runGit(gitDir, ["update-ref", "-d", ref])).code === 0;
}

export function readCommit(gitDir: string, sha: string): Promise<CommitInfo> {
  return rememberedGit(gitDir, "commit", [sha], async () => {
    const commit = await readCommitFromGit(gitDir, sha);
    // A parent is its child's merge base: later diffs and ancestry questions need no process for that.
    for (const parent of commit.parents) teachGit(gitDir, "merge-base", [parent, sha], parent);
    // ...and a commit with one parent is the only one between that parent and itself.
    const [only, ...more] = commit.parents;
    if (only !== undefined && more.length === 0) teachGit(gitDir, "rev-list", [only, sha], [sha]);
    return commit;
  });
}

async function readCommitFromGit(gitDir: string, sha: string): Promise<CommitInfo> {
  const format = "%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B";
  const text = await gitText(gitDir, ["show", "-s", `--format=${format}`, sha]);
  const [h, t, p, an, ae, ad, cn, ce, cd, ...message] = text.split("\0");
  return {
    sha: h ?? sha,
    tree: t ?? "",
    parents: (p ?? "").split(" ").filter((x) => x !== ""),
    author: { name: an ?? "", email: ae ?? "", date: ad ?? "" },
    committer: { name: cn ?? "", email: ce ?? "", date: cd ?? "" },
    message: message.join("\0").trimEnd(),
  };
}

/** Commits reachable from `head` but not `base`, oldest first. */
export async function commitsBetween(gitDir: string, base: string, head: string): Promise<string[]> {
  // A read of `head` under way may answer this (see readCommit): wait for it rather than ask git twice.
  await knownGit(gitDir, "commit", [head])?.catch(() => undefined);
  return rememberedGit(gitDir, "rev-list", [base, head], async () => {
    const text = await gitText(gitDir, ["rev-list", "--reverse", head, `^${base}`]);
    return text === "" ? [] : text.split("\n");
  });
}

export interface BlobEntry {
  sha: string;
  content: Buffer;
}

export async function readBlob(gitDir: string, rev: string, path: string): Promise<BlobEntry | null> {
  if (path.includes("\n")) return readBlobInSteps(gitDir, rev, path);
  if (!SHA_REV.test(rev)) return readBlobInOne(gitDir, rev, path);
  // A file at a commit sha never changes: found once, it is remembered ("not found" is not, as the commit
  // itself may arrive later).
  return rememberedGit(gitDir, `blob ${path}`, [rev], async () => {
    const blob = await readBlobInOne(gitDir, rev, path);
    if (blob === null) throw new Error("not found");
    return blob;
  }).catch(() => null);
}

const SHA_REV = /^[0-9a-f]{40}$/;

async function readBlobInOne(gitDir: string, rev: string, path: string): Promise<BlobEntry | null> {
  // One process answers "is it a blob, which, and what does it hold": `cat-file --batch` reads `rev:path` and
  // prints `<sha> <type> <size>`, then the bytes (or `<rev:path> missing` for an unknown rev or path).
  const result = await runGit(gitDir, ["cat-file", "--batch"], { input: `${rev}:${path}\n` });
  const end = result.stdout.indexOf(10);
  const header = /^([0-9a-f]{40}) (\S+) (\d+)$/.exec(
    result.stdout.subarray(0, Math.max(end, 0)).toString("utf8"),
  );
  if (result.code !== 0 || header?.[1] === undefined || header[2] !== "blob") return null;
  return { sha: header[1], content: result.stdout.subarray(end + 1, end + 1 + Number(header[3])) };
}

/** For a path `cat-file --batch` cannot take on one line. */
async function readBlobInSteps(gitDir: string, rev: string, path: string): Promise<BlobEntry | null> {
  // `ls-tree` answers "is it a blob, and which" in one process; an unknown rev or path prints nothing.
  const listing = await runGit(gitDir, ["ls-tree", "--full-tree", rev, "--", path]);
  const match = /^\d+ blob ([0-9a-f]{40})\t/.exec(listing.stdout.toString("utf8"));
  if (listing.code !== 0 || match?.[1] === undefined) return null;
  const content = await runGit(gitDir, ["cat-file", "blob", match[1]]);
  return { sha: match[1], content: content.stdout };
}

export interface TreeEntry {
  path: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  size: number;
}

/** The entries of directory `path` at `rev` (empty when it is not a directory). */
export async function listTree(gitDir: string, rev: string, path: string): Promise<TreeEntry[]> {
  const listing = await runGit(gitDir, [
    "ls-tree",
    "--full-tree",
    "-l",
    rev,
    "--",
    `${path.replace(/\/$/, "")}/`,
  ]);
  if (listing.code !== 0) return [];
  return listing.stdout
    .toString("utf8")
    .split("\n")
    .flatMap((line) => {
      const match = /^\d+ (blob|tree|commit) ([0-9a-f]{40}) +(\S+)\t(.*)$/.exec(line);
      if (match === null) return [];
      const [, type, sha, size, entryPath] = match;
      if (
        (type !== "blob" && type !== "tree" && type !== "commit") ||
        sha === undefined ||
        entryPath === undefined
      )
        return [];
      return [{ path: entryPath, type, sha, size: Number(size) || 0 }];
    });
}

export async function commitTree(
  gitDir: string,
  tree: string,
  parents: string[],
  message: string,
  signature: Signature,
): Promise<string> {
  const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])];
  return gitText(gitDir, args, { input: message, env: signatureEnv(signature) });
}

/** Writes `files` (path -> content, null deletes) on top of `parent` (null: a root commit) and returns the commit. */
export async function commitFiles(
  gitDir: string,
  parent: string | null,
  files: Record<string, string | Buffer | null>,
  message: string,
  signature: Signature,
): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "npb-standin-index-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    if (parent !== null) await gitText(gitDir, ["read-tree", parent], { env });
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        // `--force-remove` needs a work tree; a mode-0 entry through --index-info removes in a bare repository.
        await gitText(gitDir, ["update-index", "--index-info"], { env, input: `0 ${ZERO_SHA}\t${path}\n` });
        continue;
      }
      const blob = await gitText(gitDir, ["hash-object", "-w", "--stdin"], { input: content });
      await gitText(gitDir, ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { env });
    }
    const tree = await gitText(gitDir, ["write-tree"], { env });
    return await commitTree(gitDir, tree, parent === null ? [] : [parent], message, signature);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
