// Branch protection's required status checks, evaluated the way GitHub does when something tries to move a
// protected branch: every required context needs a successful check run or commit status on the new head.
import type { RepoRecord } from "./state.js";

const PASSING_CONCLUSIONS = new Set(["success", "neutral", "skipped"]);

type CheckVerdict = "passing" | "failing" | "expected";

function verdict(repo: RepoRecord, sha: string, context: string): CheckVerdict {
  const runs = [...repo.checkRuns.values()].filter((r) => r.headSha === sha && r.name === context);
  const latestRun = runs.sort((a, b) => b.id - a.id)[0];
  const statuses = repo.statuses.filter((s) => s.sha === sha && s.context === context);
  const latestStatus = statuses.sort((a, b) => b.id - a.id)[0];
  if (latestRun?.status === "completed" && PASSING_CONCLUSIONS.has(latestRun.conclusion ?? ""))
    return "passing";
  if (latestStatus?.state === "success") return "passing";
  const runFailed = latestRun?.status === "completed";
  const statusFailed = latestStatus !== undefined && latestStatus.state !== "pending";
  return runFailed || statusFailed ? "failing" : "expected";
}

/** GitHub's message when `sha` may not become the head of `branch`, or null when the checks allow it. */
export function requiredChecksMessage(repo: RepoRecord, branch: string, sha: string): string | null {
  const protection = repo.protection.get(branch);
  if (protection === undefined || protection.contexts.length === 0) return null;
  const unmet = protection.contexts
    .map((context) => ({ context, verdict: verdict(repo, sha, context) }))
    .filter((c) => c.verdict !== "passing");
  const [first] = unmet;
  if (first === undefined) return null;
  if (unmet.length === 1) return `Required status check "${first.context}" is ${first.verdict}.`;
  return `${unmet.length} of ${protection.contexts.length} required status checks are expected.`;
}

export const PROTECTED_BRANCHES_DOCS = "https://docs.github.com/articles/about-protected-branches";
