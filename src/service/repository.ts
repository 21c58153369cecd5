// runRepository: reconciles every active rollout of a repository (after a push to the default branch, a
// re-requested check, or a timer tick), then starts the next queued rollout when a manifest is free. The
// config is loaded once for all of them; when this load finds a broken config fixed, the requests that
// arrived meanwhile are planned now, and every few minutes the timer plans requests and acts on commands
// whose webhook was lost.
import type { IssueView } from "../github/port.js";
import { runComment } from "./command.js";
import { loadRepositoryConfig } from "./config.js";
import { type FlowDeps, QUEUED_LABEL, TRACKING_LABEL } from "./deps.js";
import { missedCommands } from "./missed-commands.js";
import { planWaitingRequests, scansForMissed } from "./missed-requests.js";
import { type ReconcileResult, runReconcile } from "./reconcile.js";
import { activeRollouts } from "./request.js";
import { runSchedules } from "./schedules.js";
import { readTracking, type Tracking } from "./tracking.js";

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
  // Requests refused while the config was broken are planned now; those whose webhook was lost, every few
  // minutes of the timer (the listing of every open issue changes with each pull request: asked every
  // tick, it would cost a request a phase).
  if (loaded.fixed || (options.schedules && scansForMissed(deps.now())))
    await planWaitingRequests(deps, await deps.github.listIssues({ state: "open" }), {
      onlyMissed: !loaded.fixed,
    });
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
    // 3. Act on the commands whose webhook was lost, then bring each forward.
    const tracking = await withMissedCommands(deps, issue);
    const r = await runReconcile(deps, {
      issue: issue.number,
      loaded,
      open: true,
      followThrough: options.followThrough === true,
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
    const r = await runReconcile(deps, {
      issue: issue.number,
      loaded,
      followThrough: options.followThrough === true,
    });
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
