// Merge plumbing on the bare repositories: three-way merges without a worktree (`merge-tree --write-tree`), and
// the rebase-style replay GitHub's "rebase and merge" performs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rememberedGit } from "./git-memo.js";
import { gitText, runGit, type Signature } from "./git-store.js";

export type MergeTreeResult = { clean: true; tree: string } | { clean: false; conflicts: string[] };

export function mergeTree(gitDir: string, ours: string, theirs: string): Promise<MergeTreeResult> {
  return rememberedGit(gitDir, "merge-tree", [ours, theirs], () => mergeTreeFromGit(gitDir, ours, theirs));
}

async function mergeTreeFromGit(gitDir: string, ours: string, theirs: string): Promise<MergeTreeResult> {
  const result = await runGit(gitDir, ["merge-tree", "--write-tree", "--name-only", ours, theirs]);
  const lines = result.stdout.toString("utf8").split("\n");
  if (result.code === 0) return { clean: true, tree: lines[0] ?? "" };
  if (result.code === 1) {
    const conflicts = lines.slice(1).filter((line) => line !== "" && !line.includes(" "));
    return { clean: false, conflicts };
  }
  throw new Error(`git merge-tree failed: ${result.stderr.trim()}`);
}

/**
 * Replays `commits` onto `onto` like GitHub's "rebase and merge" (authors kept, committer replaced), in a
 * throwaway worktree of the bare repository. Returns the new tip, or null on a conflict.
 */
export async function replayCommits(
  gitDir: string,
  onto: string,
  commits: string[],
  committer: Signature,
): Promise<string | null> {
  const scratch = await mkdtemp(join(tmpdir(), "npb-standin-rebase-"));
  const worktree = join(scratch, "wt");
  const env = {
    GIT_COMMITTER_NAME: committer.identity.name,
    GIT_COMMITTER_EMAIL: committer.identity.email,
    GIT_COMMITTER_DATE: committer.date,
  };
  try {
    await gitText(gitDir, ["worktree", "add", "--quiet", "--detach", worktree, onto]);
    for (const commit of commits) {
      const picked = await runGit(gitDir, ["cherry-pick", "--allow-empty", commit], { env, cwd: worktree });
      if (picked.code !== 0) return null;
    }
    return await gitText(gitDir, ["rev-parse", "HEAD"], { cwd: worktree });
  } finally {
    await runGit(gitDir, ["worktree", "remove", "--force", worktree]);
    await rm(scratch, { recursive: true, force: true });
    await runGit(gitDir, ["worktree", "prune"]);
  }
}
