// runRepository: reconciles every active rollout of a repository (after a push to the default branch, a
// re-requested check, or a timer tick), then starts the next queued rollout when a manifest is free. The
// config is loaded once for all of them; when this load finds a broken config fixed, the requests that
// arrived meanwhile are planned now.
import { parseIssueRequest } from "../commands/issue-request.js";
import type { IssueView } from "../github/port.js";
import { readScheduleMarker } from "../schedule/scheduled-requests.js";
import { loadRepositoryConfig } from "./config.js";
import { CONFIG_ERROR_TITLE, type FlowDeps, QUEUED_LABEL, TRACKING_LABEL } from "./deps.js";
import { runIssue } from "./issue.js";
import { type ReconcileResult, runReconcile } from "./reconcile.js";
import { activeRollouts } from "./request.js";
import { runSchedules } from "./schedules.js";
import { readTracking } from "./tracking.js";

export interface RepositoryOptions {
  /** Open the issues of `schedules` that fell due (the timer does; events do not). */
  schedules?: boolean;
  /** Follow each rollout's actions through in the same call (the timer does; see ReconcileInput). */
  followThrough?: boolean;
}

export async function runRepository(
  deps: FlowDeps,
  options: RepositoryOptions = {},
): Promise<ReconcileResult[]> {
  // 1. The config, once; an invalid one stops everything (and is reported) until it is fixed.
  const loaded = await loadRepositoryConfig(deps);
  if (!loaded.ok) return [];
  if (loaded.fixed) await planWaitingRequests(deps, await deps.github.listIssues({ state: "open" }));
  // Scheduled rollouts open their issues; their webhooks plan them like anyone's request. A failure here
  // must not hold up the rollouts already running.
  if (options.schedules)
    await runSchedules(deps, { config: loaded.config }).catch((e: unknown) =>
      deps.log.error({ err: e }, "schedules failed for repository"),
    );
  // 2. The open tracking issues; queued ones wait for their manifest. Listed by their label, so the listing
  // changes only with them: the timer's conditional request for it is answered 304 (free) while phase pull
  // requests open and merge.
  const tracked = await deps.github.listIssues({ labels: [TRACKING_LABEL], state: "open" });
  const open = tracked.filter((i) => !i.isPullRequest && i.labels.includes(TRACKING_LABEL));
  const results: ReconcileResult[] = [];
  for (const issue of open
    .filter((i) => !i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    // 3. Bring each forward.
    const r = await runReconcile(deps, {
      issue: issue.number,
      loaded,
      followThrough: options.followThrough === true,
    });
    if (r) results.push(r);
  }
  // 4. Promote the oldest queued rollout of each manifest that is now free. Its dashboard says so; no extra
  // comment, because replicas ticking at once would each post one.
  for (const issue of open
    .filter((i) => i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    const t = await readTracking(deps, issue.number);
    if (t === undefined) continue;
    if ((await activeRollouts(deps, issue.number, t.state.plan.manifestPath)).length > 0) continue;
    await deps.github.removeLabel(issue.number, QUEUED_LABEL);
    const r = await runReconcile(deps, {
      issue: issue.number,
      loaded,
      followThrough: options.followThrough === true,
    });
    if (r) results.push(r);
  }
  return results;
}

/** Open issues holding a request but no rollout yet: refused while the config was broken, planned now. */
async function planWaitingRequests(deps: FlowDeps, open: IssueView[]): Promise<void> {
  for (const issue of open.sort((a, b) => a.number - b.number)) {
    if (issue.isPullRequest || issue.title === CONFIG_ERROR_TITLE) continue;
    // Of the bot's own issues, only those a schedule opened are requests.
    if (issue.authorType === "Bot" && !(issue.author === deps.botLogin && readScheduleMarker(issue.body)))
      continue;
    if (issue.labels.includes(TRACKING_LABEL)) continue;
    if (parseIssueRequest(issue.body, deps.checkRequest).source === "none") continue;
    await runIssue(deps, {
      issue: issue.number,
      body: issue.body,
      action: "opened",
      isPullRequest: false,
      authorType: issue.authorType,
      author: issue.author,
    });
  }
}
