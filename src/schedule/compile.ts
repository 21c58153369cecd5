// Turns the `windows` configuration (schemas/windows.schema.json) into compiled windows and blackout
// intervals, or into errors that say which field is wrong, what is wrong and how to fix it.
import { Cron } from "croner";
import type { Blackout, Window, WindowsConfig } from "../generated/windows.js";
import { parseDuration } from "./duration.js";
import { isValidTimeZone, parseLocalDateTime, startOfNextLocalDay } from "./zoned-time.js";

/** A window ready for evaluation: `cron` occurrences open it for `durationMs` of elapsed time. */
export interface CompiledWindow {
  expression: string;
  cron: Cron;
  durationMs: number;
  timezone: string;
  /** Human text for reasons, e.g. `0 22 * * MON-FRI for 4h (Europe/Berlin)`. */
  label: string;
}

/** A blackout as a half-open interval of instants [fromMs, toMs). */
export interface BlackoutInterval {
  fromMs: number;
  toMs: number;
  label: string;
}

export interface ConfigIssue {
  /** Where in the configuration, e.g. `windows[0].cron`. */
  path: string;
  message: string;
}

export class WindowsConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(`invalid windows configuration:\n${issues.map((i) => `- ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "WindowsConfigError";
    this.issues = issues;
  }
}

/** What a cron expression schedules: a window opening, or a scheduled rollout's issue. */
export type CronSubject = "window" | "schedule";

const ONCE_AN_HOUR: Record<CronSubject, string> = {
  window: "a window opens at most once an hour, its duration sets the length",
  schedule: "a schedule fires at most once an hour",
};

function fields(subject: CronSubject) {
  return [
    { name: "minute", hint: `a single number 0-59: ${ONCE_AN_HOUR[subject]}` },
    { name: "hour", hint: "0-23, a list (1,13), a range (22-23), a step (*/6) or *" },
    { name: "day of month", hint: "1-31 or L, a list, a range or *" },
    { name: "month", hint: "1-12 or JAN-DEC, a list, a range or *" },
    {
      name: "day of week",
      hint: "0-7 or SUN-SAT (0 and 7 are Sunday), a list, a range such as MON-FRI, an nth weekday such as SAT#1 (SAT#L: the last), or *",
    },
  ] as const;
}

// "no-wildcard": a window whose start hour is a list or range (e.g. `0 1,2 * * *`) still opens on the
// day a DST change skips that hour, at the end of the gap, like a single fixed time does.
export function makeCron(expression: string, timezone: string): Cron {
  return new Cron(expression, { timezone, paused: true, mode: "5-part", fixedTimeRule: "no-wildcard" });
}

/** Checks a five-field cron expression; returns the problem (field, what, how to fix) or undefined. */
export function cronProblem(expression: string, subject: CronSubject = "window"): string | undefined {
  const parts = expression.trim().split(/\s+/);
  const FIELDS = fields(subject);
  if (parts.length !== 5) {
    return `"${expression}" has ${parts.length} field(s); a ${subject}'s cron has exactly five: minute hour day-of-month month day-of-week, e.g. "${subject === "window" ? "0 22 * * MON-FRI" : "0 6 * * SAT#1"}"`;
  }
  for (const [index, field] of FIELDS.entries()) {
    const value = parts[index] ?? "";
    const alone = parts.map((f, i) => (i === index ? f : "*")).join(" ");
    try {
      makeCron(alone, "UTC");
    } catch {
      return `field ${index + 1} (${field.name}) "${value}" is not valid; use ${field.hint}`;
    }
  }
  const minute = parts[0] ?? "";
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) {
    return `field 1 (minute) "${minute}" must be ${FIELDS[0].hint}`;
  }
  let cron: Cron;
  try {
    cron = makeCron(expression, "UTC");
  } catch (error) {
    return `"${expression}" is not valid: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (cron.nextRun(new Date(Date.UTC(2000, 0, 1))) === null) {
    return `"${expression}" never matches a date (e.g. 31 February); check day of month and month`;
  }
  return undefined;
}

function timeZoneProblem(timezone: string): string | undefined {
  return isValidTimeZone(timezone)
    ? undefined
    : `"${timezone}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`;
}

/** Compiles windows; `defaultTimezone` applies to windows that name none. Throws WindowsConfigError. */
export function compileWindows(
  windows: readonly Window[],
  defaultTimezone: string,
  path = "windows",
): CompiledWindow[] {
  const issues: ConfigIssue[] = [];
  const compiled: CompiledWindow[] = [];
  for (const [i, w] of windows.entries()) {
    const timezone = w.timezone ?? defaultTimezone;
    const tzProblem = timeZoneProblem(timezone);
    if (tzProblem !== undefined) issues.push({ path: `${path}[${i}].timezone`, message: tzProblem });
    const problem = cronProblem(w.cron);
    if (problem !== undefined) issues.push({ path: `${path}[${i}].cron`, message: problem });
    const duration = parseDuration(w.duration);
    if (!duration.ok) issues.push({ path: `${path}[${i}].duration`, message: duration.error });
    if (tzProblem === undefined && problem === undefined && duration.ok) {
      const expression = w.cron.trim().split(/\s+/).join(" ");
      compiled.push({
        expression,
        cron: makeCron(expression, timezone),
        durationMs: duration.ms,
        timezone,
        label: `${expression} for ${w.duration} (${timezone})`,
      });
    }
  }
  if (issues.length > 0) throw new WindowsConfigError(issues);
  return compiled;
}

/** Compiles blackouts to intervals; a date means that whole local day. Throws WindowsConfigError. */
export function compileBlackouts(
  blackouts: readonly Blackout[],
  defaultTimezone: string,
  path = "blackouts",
): BlackoutInterval[] {
  const issues: ConfigIssue[] = [];
  const compiled: BlackoutInterval[] = [];
  for (const [i, b] of blackouts.entries()) {
    const range = typeof b === "string" ? { from: b, to: b } : b;
    const timezone = (typeof b === "string" ? undefined : b.timezone) ?? defaultTimezone;
    const where = typeof b === "string" ? `${path}[${i}]` : `${path}[${i}].timezone`;
    const tzProblem = timeZoneProblem(timezone);
    if (tzProblem !== undefined) {
      issues.push({ path: where, message: tzProblem });
      continue;
    }
    const from = parseLocalDateTime(range.from, timezone);
    const to = parseLocalDateTime(range.to, timezone);
    const at = (field: string): string =>
      typeof b === "string" ? `${path}[${i}]` : `${path}[${i}].${field}`;
    const bad = (text: string): string =>
      `"${text}" is not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM (local in ${timezone}) or an instant with Z or an offset`;
    if (from === undefined) issues.push({ path: at("from"), message: bad(range.from) });
    if (to === undefined && (from !== undefined || typeof b !== "string")) {
      issues.push({ path: at("to"), message: bad(range.to) });
    }
    if (from === undefined || to === undefined) continue;
    // A date-only end means "through that day", which is how people write freezes ("24 to 26 December").
    const toMs = to.dateOnly ? (startOfNextLocalDay(range.to, timezone) ?? to.instant) : to.instant;
    if (toMs <= from.instant) {
      issues.push({
        path: at("to"),
        message: `"${range.to}" is not after "${range.from}"; a blackout must end after it starts`,
      });
      continue;
    }
    const span = range.from === range.to ? range.from : `${range.from} to ${range.to}`;
    const reason = typeof b === "string" || b.reason === undefined ? "" : `: ${b.reason}`;
    compiled.push({ fromMs: from.instant, toMs, label: `blackout ${span} (${timezone})${reason}` });
  }
  if (issues.length > 0) throw new WindowsConfigError(issues);
  return compiled;
}

/** What the windows govern: opening phase PRs, or merging them. */
export type WindowPurpose = "pr" | "merge";

/** Everything `isOpen` and friends need for one purpose. */
export interface CompiledSchedule {
  windows: CompiledWindow[];
  blackouts: BlackoutInterval[];
  timezone: string;
}

/**
 * Compiles a validated configuration for one purpose: `prWindows` (or `mergeWindows`) when given,
 * otherwise `windows`; blackouts always apply. The time zone is the config's, else the repository's, else UTC.
 */
export function compileSchedule(
  config: WindowsConfig,
  purpose: WindowPurpose,
  repositoryTimezone?: string,
): CompiledSchedule {
  const timezone = config.timezone ?? repositoryTimezone ?? "UTC";
  const tzProblem = timeZoneProblem(timezone);
  if (tzProblem !== undefined) {
    throw new WindowsConfigError([
      { path: config.timezone === undefined ? "(repository timezone)" : "timezone", message: tzProblem },
    ]);
  }
  const specific = purpose === "pr" ? config.prWindows : config.mergeWindows;
  const path = specific === undefined ? "windows" : purpose === "pr" ? "prWindows" : "mergeWindows";
  const issues: ConfigIssue[] = [];
  const collect = <T>(f: () => T[]): T[] => {
    try {
      return f();
    } catch (error) {
      if (!(error instanceof WindowsConfigError)) throw error;
      issues.push(...error.issues);
      return [];
    }
  };
  const windows = collect(() => compileWindows(specific ?? config.windows ?? [], timezone, path));
  const blackouts = collect(() => compileBlackouts(config.blackouts ?? [], timezone));
  if (issues.length > 0) throw new WindowsConfigError(issues);
  return { windows, blackouts, timezone };
}
