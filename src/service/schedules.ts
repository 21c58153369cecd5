// runSchedules: on every tick, the occurrences of the repository's `schedules` that fell due in the last
// minutes open their patch request issue, once. The app stores nothing: a tick looks back
// SCHEDULE_LOOKBACK_MS, finds issues already opened by their hidden marker (open or closed), and claims a
// new occurrence with a git ref only one replica can create before opening its issue. The issues.opened
// webhook then plans it like any patch request (see runIssue).
import type { RepositoryConfig } from "../generated/config.js";
import type { IssueView } from "../github/port.js";
import { compileConfigValidator } from "../plan/schemas.js";
import {
  type DueOccurrence,
  dueOccurrences,
  occurrenceStamp,
  SCHEDULE_LOOKBACK_MS,
  scheduleClaimRef,
  scheduledIssue,
  scheduleMarker,
  timeConfigProblems,
} from "../schedule/scheduled-requests.js";
import type { FlowDeps } from "./deps.js";

export interface ScheduleOutcome {
  id: string;
  /** The occurrence, `2026-12-05T05:00:00Z`. */
  at: string;
  /** `opened`: by this call; `exists`: an issue for it was found; `claimed`: another replica or tick is opening it. */
  outcome: "opened" | "exists" | "claimed";
  issue?: number;
}

/** Issues updated this long before the earliest due occurrence are searched too, for clock skew with GitHub. */
const SKEW_MARGIN_MS = 60 * 60_000;

export async function runSchedules(
  deps: FlowDeps,
  options: { config?: RepositoryConfig; lookbackMs?: number } = {},
): Promise<ScheduleOutcome[]> {
  // 1. The schedules. An invalid config is runRepository's to report: here it only means nothing fires.
  const config = options.config ?? (await loadValidConfig(deps));
  const schedules = config?.schedules ?? [];
  if (schedules.length === 0) return [];
  // 2. What fell due; most ticks stop here, having made one request (the config).
  const now = deps.now();
  const due = dueOccurrences(
    schedules,
    { since: new Date(now - (options.lookbackMs ?? SCHEDULE_LOOKBACK_MS)), now: new Date(now) },
    config?.timezone ?? "UTC",
  );
  if (due.length === 0) return [];
  // 3. Issues opened for them already, open or closed (closing one skips that occurrence, never reopens it).
  const earliest = Math.min(...due.map((d) => d.at.getTime()));
  const recent = await deps.github.listIssues({
    state: "all",
    since: new Date(earliest - SKEW_MARGIN_MS).toISOString(),
  });
  const outcomes: ScheduleOutcome[] = [];
  let base: string | undefined;
  for (const occurrence of due) {
    const { id } = occurrence.schedule;
    const at = occurrenceStamp(occurrence.at);
    const found = findOpened(recent, occurrence);
    if (found) {
      outcomes.push({ id, at, outcome: "exists", issue: found.number });
      continue;
    }
    // 4. Claim, then open: of replicas that both found nothing, only the one whose claim lands opens it.
    base ??= await defaultHead(deps);
    if (!(await deps.github.createRef(scheduleClaimRef(id, occurrence.at), base))) {
      outcomes.push({ id, at, outcome: "claimed" });
      continue;
    }
    const issue = await deps.github.createIssue(scheduledIssue(occurrence));
    deps.log.info({ schedule: id, at, issue: issue.number }, "scheduled rollout opened its issue");
    outcomes.push({ id, at, outcome: "opened", issue: issue.number });
  }
  return outcomes;
}

function findOpened(issues: readonly IssueView[], occurrence: DueOccurrence): IssueView | undefined {
  const marker = scheduleMarker(occurrence.schedule.id, occurrence.at);
  const { title } = scheduledIssue(occurrence);
  return issues.find((i) => !i.isPullRequest && (i.body.includes(marker) || i.title === title));
}

async function defaultHead(deps: FlowDeps): Promise<string> {
  const branch = await deps.github.defaultBranch();
  const sha = await deps.github.branchSha(branch);
  if (sha === undefined) throw new Error(`the default branch ${branch} has no commit to claim a schedule on`);
  return sha;
}

async function loadValidConfig(deps: FlowDeps): Promise<RepositoryConfig | undefined> {
  let raw: unknown;
  try {
    raw = (await deps.loadConfig()) ?? {};
  } catch {
    return undefined;
  }
  const validate = deps.validateConfig ?? compileConfigValidator();
  // Like loadRepositoryConfig: a config with any problem starts nothing, scheduled rollouts included.
  return validate(raw) && timeConfigProblems(raw).length === 0 ? raw : undefined;
}
