// Renders window times for people: in the repository's time zone, where they plan, and in UTC, where
// logs and clusters live. Used by the rollout dashboard and phase check runs.
import type { CompiledSchedule } from "./compile.js";
import { isOpen, nextOpening, type WindowState } from "./windows.js";
import { type WallClock, wallClock } from "./zoned-time.js";

const pad = (n: number): string => String(n).padStart(2, "0");
const day = (w: WallClock): string => `${w.weekday} ${w.day} ${w.monthName}`;
const time = (w: WallClock): string => `${pad(w.hour)}:${pad(w.minute)}`;

/**
 * `Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)`. The UTC part repeats the date when it differs from the
 * local one, and the year is shown when it is not the year of `reference` (when given).
 */
export function formatInstant(at: Date, timezone: string, reference?: Date): string {
  const local = wallClock(at.getTime(), timezone);
  const utc = wallClock(at.getTime(), "UTC");
  const year = reference !== undefined && wallClock(reference.getTime(), timezone).year !== local.year;
  const localText = `${day(local)}${year ? ` ${local.year}` : ""} ${time(local)}`;
  if (timezone === "UTC" || timezone === "Etc/UTC") return `${localText} UTC`;
  const sameDay = local.year === utc.year && local.month === utc.month && local.day === utc.day;
  return `${localText} ${timezone} (${sameDay ? "" : `${day(utc)} `}${time(utc)} UTC)`;
}

/** `next window opens Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)`. */
export function describeNextOpening(at: Date, timezone: string, reference?: Date): string {
  return `next window opens ${formatInstant(at, timezone, reference)}`;
}

/**
 * One line for a dashboard or check run, e.g.
 * `window closed (outside every window); next window opens Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)` or
 * `window open until Wed 25 Nov 02:00 Europe/Berlin (01:00 UTC)`.
 */
export function describeWindowState(state: WindowState, timezone: string, now: Date): string {
  if (state.open) {
    return state.until === undefined
      ? `window open (${state.reason})`
      : `window open until ${formatInstant(state.until, timezone, now)} (${state.reason})`;
  }
  const next =
    state.until === undefined
      ? "no window opens within the search horizon"
      : describeNextOpening(state.until, timezone, now);
  return `window closed (${state.reason}); ${next}`;
}

/** The state of a compiled schedule at `now`, with its one-line description in the schedule's time zone. */
export function windowStatus(schedule: CompiledSchedule, now: Date): WindowState & { text: string } {
  const state = isOpen(schedule.windows, schedule.blackouts, now);
  return { ...state, text: describeWindowState(state, schedule.timezone, now) };
}

/** What the rollout state machine reads of a schedule at a moment: the one shape of a window's state. */
export interface WindowView {
  open: boolean;
  /** "open until …" / "closed until …", in the repository's time zone and UTC. */
  text: string;
  closing?: WindowClosing;
}

/** An open window's end, for people who must act before it. */
export interface WindowClosing {
  /** Epoch ms. */
  at: number;
  /** `Mon 5 Jan 22:00 Europe/Berlin (21:00 UTC)` */
  atText: string;
  /** `next window opens …` after this one closed. */
  next: string;
}

/**
 * What the rollout state machine needs of a schedule at `now`: open or not, the one-line text, and for an
 * open window that ends, when it closes and when the next one opens after that.
 */
export function windowView(schedule: CompiledSchedule, now: Date): WindowView {
  const state = windowStatus(schedule, now);
  if (!state.open || state.until === undefined) return { open: state.open, text: state.text };
  const reopens = nextOpening(schedule.windows, schedule.blackouts, state.until);
  return {
    open: true,
    text: state.text,
    closing: {
      at: state.until.getTime(),
      atText: formatInstant(state.until, schedule.timezone, now),
      next:
        reopens === undefined
          ? "no window opens within the search horizon"
          : describeNextOpening(reopens, schedule.timezone, now),
    },
  };
}
