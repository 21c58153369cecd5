// runRepository: reconciles every active rollout of a repository (after a push to the default branch, a
// re-requested check, or a timer tick), then starts the next queued rollout when a manifest is free. The
// config is loaded once for all of them; when this load finds a broken config fixed, the requests that
// arrived meanwhile are planned now, and so is any request whose webhook was lost (nobody answered it).
import { parseIssueRequest } from "../commands/issue-request.js";
import type { IssueView } from "../github/port.js";
import { readScheduleMarker } from "../schedule/scheduled-requests.js";
import { runComment } from "./command.js";
import { loadRepositoryConfig } from "./config.js";
import { CONFIG_ERROR_TITLE, type FlowDeps, QUEUED_LABEL, TRACKING_LABEL } from "./deps.js";
import { runIssue } from "./issue.js";
import { missedCommands } from "./missed-commands.js";
import { type ReconcileResult, runReconcile } from "./reconcile.js";
import { activeRollouts } from "./request.js";
import { runSchedules } from "./schedules.js";
import { readTracking, type Tracking } from "./tracking.js";

export interface RepositoryOptions {
  /** Open the issues of `schedules` that fell due (the timer does; events do not). */
  schedules?: boolean;
}

export async function runRepository(
  deps: FlowDeps,
  options: RepositoryOptions = {},
): Promise<ReconcileResult[]> {
  // 1. The config, once; an invalid one stops everything (and is reported) until it is fixed.
  // One listing of the open issues serves the config error issue and the tracking issues.
  const openIssues = await deps.github.listIssues({ state: "open" });
  const loaded = await loadRepositoryConfig(deps, openIssues);
  if (!loaded.ok) return [];
  await planWaitingRequests(deps, loaded.fixed ? openIssues : unanswered(openIssues, deps.now()));
  // Scheduled rollouts open their issues; their webhooks plan them like anyone's request. A failure here
  // must not hold up the rollouts already running.
  if (options.schedules)
    await runSchedules(deps, { config: loaded.config }).catch((e: unknown) =>
      deps.log.error({ err: e }, "schedules failed for repository"),
    );
  // 2. The open tracking issues; queued ones wait for their manifest.
  const open = openIssues.filter((i) => !i.isPullRequest && i.labels.includes(TRACKING_LABEL));
  const results: ReconcileResult[] = [];
  for (const issue of open
    .filter((i) => !i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    // 3. Act on the commands whose webhook was lost, then bring each forward.
    const tracking = await withMissedCommands(deps, issue);
    const r = await runReconcile(deps, {
      issue: issue.number,
      loaded,
      open: true,
      ...(tracking ? { tracking } : {}),
    });
    if (r) results.push(r);
  }
  // 4. Promote the oldest queued rollout of each manifest that is now free. Its dashboard says so; no extra
  // comment, because replicas ticking at once would each post one.
  for (const issue of open
    .filter((i) => i.labels.includes(QUEUED_LABEL))
    .sort((a, b) => a.number - b.number)) {
    const t = (await withMissedCommands(deps, issue)) ?? (await readTracking(deps, issue.number));
    if (t === undefined) continue;
    if ((await activeRollouts(deps, issue.number, t.state.plan.manifestPath)).length > 0) continue;
    await deps.github.removeLabel(issue.number, QUEUED_LABEL);
    const r = await runReconcile(deps, { issue: issue.number, loaded });
    if (r) results.push(r);
  }
  return results;
}

/**
 * Runs the commands on a tracking issue that the bot never answered (their webhook was lost). Returns the
 * rollout as read when none had to run (saving the reconcile a second listing), else undefined: read it anew.
 */
async function withMissedCommands(deps: FlowDeps, issue: IssueView): Promise<Tracking | undefined> {
  const comments = await deps.github.listComments(issue.number);
  const missed = missedCommands(deps, issue.number, comments, deps.now());
  for (const command of missed) {
    deps.log.info(
      { issue: issue.number, comment: command.commentId },
      "acting on a command whose webhook was lost",
    );
    await runComment(deps, { ...command, labels: issue.labels });
  }
  return missed.length === 0 ? readTracking(deps, issue.number, comments) : undefined;
}

/**
 * How long after its last change an issue nobody answered counts as missed. A webhook is handled in seconds;
 * one that failed (the app was down or crashed, GitHub gave up) is never retried by GitHub, so without this
 * the request would wait forever. The margin keeps a tick from racing the webhook it would duplicate.
 */
export const UNANSWERED_AFTER_MS = 3 * 60_000;

/**
 * Open issues without a single comment, last changed a while ago: a request among them was never answered.
 * The listing carries the count, so finding them costs no request; an issue a person commented on first is
 * left to its next edit or a `/patch plan`.
 */
export function unanswered(open: readonly IssueView[], now: number): IssueView[] {
  return open.filter(
    (i) =>
      i.comments === 0 && i.updatedAt !== undefined && now - Date.parse(i.updatedAt) >= UNANSWERED_AFTER_MS,
  );
}

/** Open issues holding a request but no rollout yet (refused while the config was broken, or missed): planned now. */
async function planWaitingRequests(deps: FlowDeps, open: IssueView[]): Promise<void> {
  for (const issue of open.sort((a, b) => a.number - b.number)) {
    if (issue.isPullRequest || issue.title === CONFIG_ERROR_TITLE) continue;
    // Of the bot's own issues, only those a schedule opened are requests.
    if (issue.authorType === "Bot" && !(issue.author === deps.botLogin && readScheduleMarker(issue.body)))
      continue;
    // A tracking issue has its rollout, unless the app died between labelling it and posting the dashboard.
    if (issue.labels.includes(TRACKING_LABEL) && issue.comments !== 0) continue;
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
