// Pure evaluation of patch windows. The schedule is open at an instant when some window covers it (or no
// window is configured) and no blackout does. A window covers `x` when one of its cron occurrences `t`
// satisfies t <= x < t + duration. Time is always an argument; nothing here reads the clock.
//
// Daylight-saving behaviour (croner's, pinned by tests): an occurrence whose local start time is skipped by
// a spring-forward change (02:30 in Berlin on 2026-03-29) opens at the end of the gap (03:00 CEST); one
// whose start time is repeated by a fall-back change (02:30 on 2026-10-25) opens once, at the first
// occurrence (02:30 CEST = 00:30 UTC). Durations are elapsed time, so a 4h window that starts at 02:30 CEST
// on the fall-back night closes at 05:30 CET: four real hours, three on the wall clock.
import type { BlackoutInterval, CompiledWindow } from "./compile.js";

/** How far ahead nextOpening/nextClosing look by default: a little over a year, so yearly windows are found. */
export const DEFAULT_HORIZON_MS = 400 * 24 * 60 * 60 * 1000;

export interface WindowState {
  open: boolean;
  /** When this state ends: the next closing when open, the next opening when closed; absent beyond the horizon. */
  until?: Date;
  /** Why, e.g. `inside window 0 22 * * MON-FRI for 4h (Europe/Berlin)` or `blackout 2026-12-24 (UTC): freeze`. */
  reason: string;
}

function latestStartAtOrBefore(w: CompiledWindow, x: number): number | undefined {
  // previousRuns excludes a run exactly at its reference; occurrences are whole minutes, so +1 ms includes x.
  return w.cron.previousRuns(1, new Date(x + 1))[0]?.getTime();
}

function firstStartAfter(w: CompiledWindow, x: number): number | undefined {
  return w.cron.nextRuns(1, new Date(x))[0]?.getTime();
}

/** The end of the run of overlapping occurrences of `w` that covers `x`, or undefined when `w` does not cover x. */
function coveredUntil(w: CompiledWindow, x: number, limit: number): number | undefined {
  const start = latestStartAtOrBefore(w, x);
  if (start === undefined || start + w.durationMs <= x) return undefined;
  let end = start + w.durationMs;
  while (end <= limit) {
    const next = latestStartAtOrBefore(w, end);
    if (next === undefined || next + w.durationMs <= end) break;
    end = next + w.durationMs;
  }
  return end;
}

function blackoutAt(blackouts: readonly BlackoutInterval[], x: number): BlackoutInterval | undefined {
  return blackouts.find((b) => b.fromMs <= x && x < b.toMs);
}

function windowAt(windows: readonly CompiledWindow[], x: number): CompiledWindow | undefined {
  return windows.find((w) => coveredUntil(w, x, x) !== undefined);
}

/** The end of the union of all windows covering `x` and those chained to them without a gap. */
function unionCoverEnd(windows: readonly CompiledWindow[], x: number, limit: number): number | undefined {
  let end: number | undefined;
  let at = x;
  while (at <= limit) {
    const ends = windows.map((w) => coveredUntil(w, at, limit)).filter((e): e is number => e !== undefined);
    if (ends.length === 0) break;
    end = Math.max(...ends);
    at = end;
  }
  return end;
}

function openAt(
  windows: readonly CompiledWindow[],
  blackouts: readonly BlackoutInterval[],
  x: number,
): boolean {
  if (blackoutAt(blackouts, x) !== undefined) return false;
  return windows.length === 0 || windowAt(windows, x) !== undefined;
}

/** The earliest instant at or after `now` when the schedule is open (`now` itself when open). */
export function nextOpening(
  windows: readonly CompiledWindow[],
  blackouts: readonly BlackoutInterval[],
  now: Date,
  horizonMs: number = DEFAULT_HORIZON_MS,
): Date | undefined {
  const limit = now.getTime() + horizonMs;
  let x = now.getTime();
  while (x <= limit) {
    const blackout = blackoutAt(blackouts, x);
    if (blackout !== undefined) {
      x = blackout.toMs;
      continue;
    }
    if (windows.length === 0 || windowAt(windows, x) !== undefined) return new Date(x);
    const starts = windows.map((w) => firstStartAfter(w, x)).filter((t): t is number => t !== undefined);
    if (starts.length === 0) return undefined;
    x = Math.min(...starts);
  }
  return undefined;
}

/** The earliest instant at or after `now` when the schedule is closed (`now` itself when closed). */
export function nextClosing(
  windows: readonly CompiledWindow[],
  blackouts: readonly BlackoutInterval[],
  now: Date,
  horizonMs: number = DEFAULT_HORIZON_MS,
): Date | undefined {
  const x = now.getTime();
  const limit = x + horizonMs;
  if (!openAt(windows, blackouts, x)) return now;
  const coverEnd = windows.length === 0 ? Number.POSITIVE_INFINITY : (unionCoverEnd(windows, x, limit) ?? x);
  const blackoutStarts = blackouts.map((b) => b.fromMs).filter((t) => t > x);
  const closing = Math.min(coverEnd, ...blackoutStarts);
  return closing <= limit ? new Date(closing) : undefined;
}

/** Whether the schedule is open at `now`, why, and until when. */
export function isOpen(
  windows: readonly CompiledWindow[],
  blackouts: readonly BlackoutInterval[],
  now: Date,
  horizonMs: number = DEFAULT_HORIZON_MS,
): WindowState {
  const x = now.getTime();
  const blackout = blackouts
    .filter((b) => b.fromMs <= x && x < b.toMs)
    .sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs)[0];
  const window = windows.length === 0 ? undefined : windowAt(windows, x);
  const open = blackout === undefined && (windows.length === 0 || window !== undefined);
  const reason =
    blackout !== undefined
      ? blackout.label
      : windows.length === 0
        ? "no windows configured: always open outside blackouts"
        : window !== undefined
          ? `inside window ${window.label}`
          : "outside every window";
  const until = open
    ? nextClosing(windows, blackouts, now, horizonMs)
    : nextOpening(windows, blackouts, now, horizonMs);
  return until === undefined ? { open, reason } : { open, until, reason };
}
