// upsertCheckRun: one check run per name and head sha, written only when what it says changed. GitHub's
// secondary limits count every check run write as content creation, and a check run rewritten on every tick
// would also spam its webhook; so the current run is read first and compared field by field.
import { statusOf } from "./http-errors.js";
import { truncateBytes } from "./limits.js";
import type { OctokitLike } from "./octokit-types.js";
import type { CheckRunRequest, RepoId } from "./port.js";
import type { ShapeChecker } from "./rest-shapes.js";

interface Desired {
  status: CheckRunRequest["status"];
  conclusion: NonNullable<CheckRunRequest["conclusion"]> | null;
  title: string;
  summary: string;
  /** "" when the request has none: GitHub keeps an omitted text, so clearing it must be explicit. */
  text: string;
  detailsUrl: string | undefined;
}

/** What GitHub will hold after the write: completed runs carry a conclusion, outputs fit the byte limit. */
export function desiredCheckRun(request: CheckRunRequest): Desired {
  if (request.status === "completed" && request.conclusion === undefined) {
    throw new Error(`check run ${request.name}: a completed check run needs a conclusion`);
  }
  return {
    status: request.status,
    conclusion: request.status === "completed" ? (request.conclusion ?? null) : null,
    title: request.title,
    summary: truncateBytes(request.summary),
    text: truncateBytes(request.text ?? ""),
    detailsUrl: request.detailsUrl,
  };
}

/**
 * `noneYet`: the caller opened the pull request of `request.headSha` itself a moment ago, so no check run can
 * be there to compare with (check runs are written only for open phase pull requests), and reading first
 * would cost a request that can only answer "none". Should a concurrent replica have written one meanwhile,
 * the new run supersedes it, as a re-run does.
 */
export async function upsertCheckRun(
  octokit: OctokitLike,
  repo: RepoId,
  check: ShapeChecker,
  request: CheckRunRequest,
  noneYet = false,
): Promise<void> {
  const want = desiredCheckRun(request);
  const endpoint = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
  const existing = noneYet
    ? undefined
    : check(
        "CheckRunList",
        endpoint,
        (
          await octokit.rest.checks.listForRef({
            ...repo,
            ref: request.headSha,
            check_name: request.name,
            filter: "latest",
          })
        ).data,
      ).check_runs.find((r) => r.name === request.name);
  const output = { title: want.title, summary: want.summary, text: want.text };
  const fields = {
    ...repo,
    status: want.status,
    ...(want.conclusion === null ? {} : { conclusion: want.conclusion }),
    ...(want.detailsUrl === undefined ? {} : { details_url: want.detailsUrl }),
    output,
  };
  // A completed run is not reopened in place (GitHub keeps its completion time and conclusion around):
  // a new run with the same name supersedes it, as a re-run does.
  if (existing === undefined || (existing.status === "completed" && want.status !== "completed")) {
    await octokit.rest.checks.create({ ...fields, name: request.name, head_sha: request.headSha });
    return;
  }
  const unchanged =
    existing.status === want.status &&
    (existing.conclusion ?? null) === want.conclusion &&
    (existing.output.title ?? "") === want.title &&
    (existing.output.summary ?? "") === want.summary &&
    (existing.output.text ?? "") === want.text &&
    (want.detailsUrl === undefined || existing.details_url === want.detailsUrl);
  if (unchanged) return;
  try {
    await octokit.rest.checks.update({ ...fields, check_run_id: existing.id });
  } catch (error) {
    // The run vanished between read and write (its suite was re-requested): create it afresh.
    if (statusOf(error) !== 404) throw error;
    await octokit.rest.checks.create({ ...fields, name: request.name, head_sha: request.headSha });
  }
}
