// Commit statuses, as the in-cluster agent writes its verdicts and the App reads them back: who wrote each
// status matters (only the trusted agent's count), so the list is read, not the combined status.
import type { OctokitLike } from "./octokit-types.js";
import type { CommitStatusRequest, CommitStatusView, GitHubPort, RepoId } from "./port.js";

/** How many pages of 100 statuses `commitStatuses` reads at most (GitHub keeps up to 1,000 per context). */
const STATUS_PAGES = 3;

/** GitHub's limit on a commit status description. */
export const STATUS_DESCRIPTION_MAX_CHARS = 140;

export function createStatusMethods(
  octokit: OctokitLike,
  repo: RepoId,
): Pick<GitHubPort, "commitStatuses" | "setCommitStatus"> {
  const rest = octokit.rest;
  return {
    async commitStatuses(ref: string): Promise<CommitStatusView[]> {
      // The list, not the combined status: only the list says who wrote each status (`creator`).
      const endpoint = "GET /repos/{owner}/{repo}/commits/{ref}/statuses";
      const seen = new Set<string>();
      const out: CommitStatusView[] = [];
      let pages = 0;
      for await (const { data } of octokit.paginate.iterator(rest.repos.listCommitStatusesForRef, {
        ...repo,
        ref,
        per_page: 100,
      })) {
        const page: unknown = data;
        if (!Array.isArray(page)) throw new Error(`${endpoint} answered without a list of statuses`);
        for (const item of page) {
          const view = toCommitStatusView(endpoint, item);
          const key = `${view.context}\n${view.creator ?? ""}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(view);
        }
        // Newest first: a few pages hold every author's latest unless someone floods the commit, and then a
        // reader that trusts only its agent waits rather than guessing.
        pages += 1;
        if (pages >= STATUS_PAGES) break;
      }
      return out;
    },

    async setCommitStatus(sha: string, status: CommitStatusRequest): Promise<void> {
      await rest.repos.createCommitStatus({
        ...repo,
        sha,
        context: status.context,
        state: status.state,
        description: cutDescription(status.description),
        ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
      });
    },
  };
}

/** At most 140 characters (UTF-16 units, never more than GitHub's count), without splitting a pair. */
export function cutDescription(text: string): string {
  if (text.length <= STATUS_DESCRIPTION_MAX_CHARS) return text;
  let cut = STATUS_DESCRIPTION_MAX_CHARS - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

const STATUS_STATES: readonly CommitStatusView["state"][] = ["pending", "success", "failure", "error"];

// The combined status has no definition in schemas/github-rest.schema.json yet: the few fields read are
// checked here, failing loudly with the endpoint's name like the schema checks do.
function toCommitStatusView(endpoint: string, data: unknown): CommitStatusView {
  const record = typeof data === "object" && data !== null ? new Map(Object.entries(data)) : undefined;
  const text = (key: string) => {
    const value = record?.get(key);
    return typeof value === "string" ? value : undefined;
  };
  const state = STATUS_STATES.find((s) => s === text("state"));
  const context = text("context");
  const createdAt = text("created_at");
  if (state === undefined || context === undefined || createdAt === undefined) {
    throw new Error(`${endpoint} answered a status without a known state, a context and created_at`);
  }
  const creator = record?.get("creator");
  const login =
    typeof creator === "object" && creator !== null && "login" in creator && typeof creator.login === "string"
      ? creator.login
      : undefined;
  const targetUrl = text("target_url");
  return {
    context,
    state,
    description: text("description") ?? "",
    createdAt,
    ...(targetUrl === undefined ? {} : { targetUrl }),
    ...(login === undefined ? {} : { creator: login }),
  };
}
