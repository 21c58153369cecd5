// Scheduled rollouts (`schedules` in the repository config): which occurrences are due at a tick, and the
// issue each one opens. Pure: the clock is an input. The app keeps no record of what it has fired; it looks
// back a few minutes on every tick and relies on a marker in the issue (and a claim) to open each one once.
import { stringify } from "yaml";
import type { Schedule, SchedulesConfig } from "../generated/schedules.js";
import type { WindowsConfig } from "../generated/windows.js";
import { type ConfigIssue, cronProblem, makeCron } from "./compile.js";
import { formatInstant } from "./describe.js";
import { windowsProblems } from "./validate.js";
import { isValidTimeZone } from "./zoned-time.js";

/**
 * How far back a tick looks for occurrences: ten one-minute ticks. A tick missed (a restart, a slow
 * installation listing) still fires the occurrence; an app down for longer skips it rather than opening
 * a stale rollout late.
 */
export const SCHEDULE_LOOKBACK_MS = 10 * 60_000;

export interface DueOccurrence {
  schedule: Schedule;
  /** The cron occurrence, an instant. */
  at: Date;
  timezone: string;
}

/** Problems a JSON Schema cannot see: cron fields, IANA time zones, duplicate ids. */
export function scheduleProblems(schedules: readonly Schedule[], defaultTimezone = "UTC"): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const [i, s] of schedules.entries()) {
    if (seen.has(s.id))
      issues.push({
        path: `schedules[${i}].id`,
        message: `"${s.id}" is used by an earlier schedule; each schedule needs its own id`,
      });
    seen.add(s.id);
    const problem = cronProblem(s.cron, "schedule");
    if (problem !== undefined) issues.push({ path: `schedules[${i}].cron`, message: problem });
    const timezone = s.timezone ?? defaultTimezone;
    if (!isValidTimeZone(timezone))
      issues.push({
        path: s.timezone === undefined ? "timezone" : `schedules[${i}].timezone`,
        message: `"${timezone}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`,
      });
  }
  return issues;
}

/**
 * The occurrences in (`since`, `now`], oldest first. A tick passes `now - SCHEDULE_LOOKBACK_MS` as `since`,
 * so consecutive ticks see the same occurrence several times: opening its issue must be idempotent.
 * Schedules with problems (see scheduleProblems) are skipped.
 */
export function dueOccurrences(
  schedules: readonly Schedule[],
  range: { since: Date; now: Date },
  defaultTimezone = "UTC",
): DueOccurrence[] {
  const due: DueOccurrence[] = [];
  for (const schedule of schedules) {
    const timezone = schedule.timezone ?? defaultTimezone;
    if (scheduleProblems([schedule], timezone).length > 0) continue;
    const cron = makeCron(schedule.cron.trim().split(/\s+/).join(" "), timezone);
    // croner's nextRun is strictly after its argument, which makes `since` exclusive.
    for (let at = cron.nextRun(range.since); at !== null && at <= range.now; at = cron.nextRun(at))
      due.push({ schedule, at, timezone });
  }
  return due.sort((a, b) => a.at.getTime() - b.at.getTime() || a.schedule.id.localeCompare(b.schedule.id));
}

/** `2026-12-05T05:00:00Z`: the occurrence as the title and marker name it (whole seconds, UTC). */
export function occurrenceStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

const MARKER_PREFIX = "<!-- node-patch-bot:schedule ";

/** The hidden line that names the schedule and occurrence an issue was opened for. */
export function scheduleMarker(id: string, at: Date): string {
  return `${MARKER_PREFIX}id=${id} at=${occurrenceStamp(at)} -->`;
}

/** The schedule and occurrence a (bot-opened) issue body names, if any. */
export function readScheduleMarker(body: string): { id: string; at: string } | undefined {
  const m = /<!-- node-patch-bot:schedule id=([-a-z0-9]+) at=(\S+) -->/.exec(body);
  return m?.[1] !== undefined && m[2] !== undefined ? { id: m[1], at: m[2] } : undefined;
}

export function scheduledIssueTitle(schedule: Schedule, at: Date): string {
  return `node-patch: ${schedule.title ?? schedule.id} (scheduled ${occurrenceStamp(at)})`;
}

/** The issue an occurrence opens: its request as the fenced YAML block a person would write, and the marker. */
export function scheduledIssue(occurrence: DueOccurrence): { title: string; body: string } {
  const { schedule, at, timezone } = occurrence;
  return {
    title: scheduledIssueTitle(schedule, at),
    body: [
      `Opened by the schedule \`${schedule.id}\` (\`${schedule.cron}\`, ${timezone}) for its occurrence of ${formatInstant(at, timezone)}.`,
      "The plan, approvals and windows apply as for any patch request. Close this issue to skip this occurrence.",
      "",
      "```yaml",
      stringify(schedule.request).trimEnd(),
      "```",
      "",
      scheduleMarker(schedule.id, at),
    ].join("\n"),
  };
}

/** Where a claim on an occurrence lives: a ref that only the first of several replicas can create. */
export function scheduleClaimRef(id: string, at: Date): string {
  return `refs/node-patch-bot/schedules/${id}/${occurrenceStamp(at).replace(/[-:]/g, "")}`;
}

/**
 * Everything about time in a shape-valid repository config that a schema cannot check (windows, blackouts,
 * schedules), as `` `path` what is wrong `` lines for the configuration error issue.
 */
export function timeConfigProblems(config: WindowsConfig & SchedulesConfig): string[] {
  const timezone = config.timezone ?? "UTC";
  const windows = windowsProblems(config);
  // A bad default time zone is reported once, by the windows check.
  const schedules = scheduleProblems(config.schedules ?? [], timezone).filter(
    (i) => i.path !== "timezone" || windows.length === 0,
  );
  return [...windows, ...schedules].map((i) => `\`${i.path}\` ${i.message}`);
}
