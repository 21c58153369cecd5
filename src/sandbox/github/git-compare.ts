// Comparing commits on the stand-in's bare repositories: merge bases, ancestry and diffs, each a function of
// the shas asked about, so every answer is remembered (git-memo.ts).
import { knownGit, rememberedGit } from "./git-memo.js";
import { gitText, runGit } from "./git-store.js";

export async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  // `ancestor` is one exactly when it is the merge base (then the only one, in either order), so a merge base
  // already known for the pair answers without another process.
  const known = knownGit<string | null>(gitDir, "merge-base", [descendant, ancestor]);
  return ((await (known ?? mergeBase(gitDir, ancestor, descendant)).catch(() => null)) ?? null) === ancestor;
}

/** The best common ancestor of two commits (the one git names), or null when they have none. */
export function mergeBase(gitDir: string, a: string, b: string): Promise<string | null> {
  return rememberedGit(gitDir, "merge-base", [a, b], async () => {
    const result = await runGit(gitDir, ["merge-base", a, b]);
    // 1 is git's "none"; anything else (an unknown object) is not an answer to remember.
    if (result.code === 1) return null;
    if (result.code !== 0) throw new Error(`git merge-base ${a} ${b} failed: ${result.stderr.trim()}`);
    return result.stdout.toString("utf8").trim();
  });
}

export interface ChangedFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed";
  additions: number;
  deletions: number;
  sha: string | null;
}

export function diffFiles(gitDir: string, base: string, head: string): Promise<ChangedFile[]> {
  return rememberedGit(gitDir, "diff", [base, head], () => diffFilesFromGit(gitDir, base, head));
}

async function diffFilesFromGit(gitDir: string, base: string, head: string): Promise<ChangedFile[]> {
  const from = await mergeBase(gitDir, base, head);
  if (from === null) throw new Error(`git merge-base ${base} ${head} failed: no common ancestor`);
  // One process: `--raw` gives status and blob ids, `--numstat` the line counts, in that order.
  const text = await gitText(gitDir, [
    "diff",
    "--raw",
    "--numstat",
    "--no-renames",
    "--no-abbrev",
    from,
    head,
  ]);
  const raw = new Map<string, { code: string; sha: string }>();
  const files: ChangedFile[] = [];
  for (const line of text.split("\n")) {
    const [meta, name] = line.split("\t");
    if (meta === undefined || name === undefined) continue;
    if (meta.startsWith(":")) {
      const fields = meta.split(" ");
      raw.set(name, { code: fields[4] ?? "M", sha: fields[3] ?? "" });
      continue;
    }
    const [added, deleted, filename] = line.split("\t");
    if (filename === undefined) continue;
    const entry = raw.get(filename);
    const status = entry?.code === "A" ? "added" : entry?.code === "D" ? "removed" : "modified";
    const sha = status === "removed" ? null : (entry?.sha ?? null);
    files.push({ filename, status, additions: Number(added) || 0, deletions: Number(deleted) || 0, sha });
  }
  return files;
}
