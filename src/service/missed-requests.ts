// Patch requests nobody answered. GitHub never retries a failed webhook delivery, so an issue whose
// `issues.opened` (or `edited`) handler failed would otherwise wait forever; and when a broken config is
// fixed, the requests it refused meanwhile are planned. The bot answers every request it reads with a
// dashboard or a reply keyed by the issue and its body, so "answered" is visible on the issue itself.
import { parseIssueRequest } from "../commands/issue-request.js";
import type { IssueView } from "../github/port.js";
import { DASHBOARD_MARKER } from "../rollout/state-codec.js";
import { readScheduleMarker } from "../schedule/scheduled-requests.js";
import { CONFIG_ERROR_TITLE, type FlowDeps, TRACKING_LABEL } from "./deps.js";
import { issueReplyKey, runIssue } from "./issue.js";
import { replyMarker } from "./request.js";

/**
 * How long after its last change an unanswered request counts as missed. A webhook is handled in seconds;
 * the margin keeps a tick from racing a handler still at work on it.
 */
export const UNANSWERED_AFTER_MS = 3 * 60_000;

/** The timer looks for missed requests every this many minutes (the open issues' listing is not free). */
export const MISSED_SCAN_MINUTES = 5;

/** Whether the tick at `now` looks for missed requests: the same minutes on every replica. */
export function scansForMissed(now: number): boolean {
  return Math.floor(now / 60_000) % MISSED_SCAN_MINUTES === 0;
}

/**
 * Plans the open issues holding a request but no rollout: all of them (`onlyMissed: false`, a config was just
 * fixed), or those whose current body the bot never answered, settled for a while. Finding them costs
 * nothing for an issue without comments (the listing says so) and one conditional read of the comments
 * otherwise.
 */
export async function planWaitingRequests(
  deps: FlowDeps,
  open: readonly IssueView[],
  options: { onlyMissed: boolean },
): Promise<void> {
  for (const issue of [...open].sort((a, b) => a.number - b.number)) {
    if (issue.isPullRequest || issue.title === CONFIG_ERROR_TITLE) continue;
    // Of the bot's own issues, only those a schedule opened are requests.
    if (issue.authorType === "Bot" && !(issue.author === deps.botLogin && readScheduleMarker(issue.body)))
      continue;
    if (parseIssueRequest(issue.body, deps.checkRequest).source === "none") continue;
    // A tracking issue has its rollout, unless the app died between labelling it and posting the dashboard.
    const tracked = issue.labels.includes(TRACKING_LABEL);
    if ((options.onlyMissed || tracked) && !(await missed(deps, issue))) continue;
    deps.log.info({ issue: issue.number }, "planning a request nobody answered");
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

async function missed(deps: FlowDeps, issue: IssueView): Promise<boolean> {
  if (issue.updatedAt === undefined || deps.now() - Date.parse(issue.updatedAt) < UNANSWERED_AFTER_MS)
    return false;
  if (issue.comments === 0) return true;
  const marker = replyMarker(issueReplyKey(issue.number, issue.body));
  const comments = await deps.github.listComments(issue.number);
  return !comments.some(
    (c) => c.author === deps.botLogin && (c.body.startsWith(DASHBOARD_MARKER) || c.body.endsWith(marker)),
  );
}
