// Window durations are elapsed time ("4h" is four real hours even across a DST change), written as
// days, hours and minutes in that order: 4h, 90m, 1h30m, 1d.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The longest window we accept: longer ones are almost certainly a typo (e.g. 400h for 4h). */
export const MAX_WINDOW_DURATION_MS = 31 * DAY;

/** Milliseconds in a duration like `1h30m`, or an explanation of what is wrong with it. */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (text.trim() === "" || m === null) {
    return {
      ok: false,
      error: `"${text}" is not a duration; write days, hours and minutes in that order, e.g. 4h, 90m, 1h30m or 1d`,
    };
  }
  const ms = Number(m[1] ?? 0) * DAY + Number(m[2] ?? 0) * HOUR + Number(m[3] ?? 0) * MINUTE;
  if (ms <= 0) return { ok: false, error: `"${text}" is zero; a window must last at least 1m` };
  if (ms > MAX_WINDOW_DURATION_MS) {
    return {
      ok: false,
      error: `"${text}" is longer than 31d; use blackouts to exclude time, not a long window`,
    };
  }
  return { ok: true, ms };
}

/** The canonical short form of a duration in milliseconds (whole minutes), e.g. 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const text = `${d > 0 ? `${d}d` : ""}${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}`;
  return text === "" ? "0m" : text;
}
