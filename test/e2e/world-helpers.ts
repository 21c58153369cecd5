import { execFileSync } from "node:child_process";
import type { LocalWorld } from "../../src/sandbox/local-world.js";

/** Steps the world until the issue closes (or `maxSteps`), returning how many steps it took. */
export async function runUntilClosed(
  world: LocalWorld,
  issue: number,
  stepMs = 30_000,
  maxSteps = 200,
): Promise<number> {
  for (let i = 1; i <= maxSteps; i++) {
    await world.advance(stepMs);
    if (world.github.seed.repo(world.fullName).issues.get(issue)?.state === "closed") return i;
  }
  throw new Error(`issue #${issue} still open after ${maxSteps} steps`);
}

/** The first-parent history of the default branch: each merge's subject and the files its phase commit changed. */
export function mainHistory(world: LocalWorld): string[] {
  const dir = world.github.seed.repo(world.fullName).dir;
  return execFileSync(
    "git",
    ["--git-dir", dir, "log", "--first-parent", "--format=%s", world.defaultBranch],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .reverse();
}

/** The phase commits merged into the default branch (the second parents of its merges), oldest first. */
export function phaseCommits(
  world: LocalWorld,
  manifestPath = "setup/machines.yaml",
): { subject: string; diff: string; files: string[] }[] {
  const dir = world.github.seed.repo(world.fullName).dir;
  const merges = execFileSync(
    "git",
    ["--git-dir", dir, "log", "--first-parent", "--merges", "--format=%H", world.defaultBranch],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .filter(Boolean)
    .reverse();
  return merges.map((m) => {
    const subject = execFileSync("git", ["--git-dir", dir, "log", "-1", "--format=%s", `${m}^2`], {
      encoding: "utf8",
    }).trim();
    // The manifest's diff only: an add phase also moves the spare out of the pool file, in the same commit.
    const diff = execFileSync(
      "git",
      ["--git-dir", dir, "diff", "-U0", `${m}^1`, `${m}^2`, "--", manifestPath],
      { encoding: "utf8" },
    );
    const files = execFileSync("git", ["--git-dir", dir, "diff", "--name-only", `${m}^1`, `${m}^2`], {
      encoding: "utf8",
    })
      .trim()
      .split("\n");
    return { subject, diff, files };
  });
}

/** The kinds of change in a phase diff: what the bot's single-kind rule is about. */
export function changeKinds(diff: string): string[] {
  const kinds = new Set<string>();
  const added = diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"));
  const removed = diff.split("\n").filter((l) => l.startsWith("-") && !l.startsWith("---"));
  if (added.some((l) => l.includes("kind: Machine"))) kinds.add("add");
  if (removed.some((l) => l.includes("kind: Machine"))) kinds.add("remove");
  if (added.some((l) => l.includes("node-patch-bot.dev/taints"))) kinds.add("taint");
  if (
    removed.some((l) => l.includes("node-patch-bot.dev/taints")) &&
    !removed.some((l) => l.includes("kind: Machine"))
  )
    kinds.add("untaint");
  return [...kinds];
}
