// Wall-clock arithmetic in IANA time zones with nothing but Intl, so the pure schedule code needs no
// date library and no ambient time zone (TZ of the process never matters).

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** True when `timeZone` is an IANA name this runtime knows (Intl throws a RangeError otherwise). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Calendar fields of an instant as seen on a wall clock in `timeZone`. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
  monthName: string;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  const month = Number(field("month"));
  return {
    year: Number(field("year")),
    month,
    day: Number(field("day")),
    hour: Number(field("hour")),
    minute: Number(field("minute")),
    second: Number(field("second")),
    weekday: field("weekday"),
    monthName: MONTHS[month - 1] ?? "",
  };
}

// Fixed English abbreviations: ICU versions disagree ("Sep" vs "Sept"), and texts in check runs must not drift.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Berlin in winter: +3,600,000). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant at which wall clocks in `timeZone` show the given local time. Follows Temporal's
 * "compatible" disambiguation: a time repeated by a fall-back transition means its earlier occurrence,
 * and a time skipped by a spring-forward transition is moved forward by the length of the gap
 * (02:30 on the day Berlin skips 02:00–03:00 becomes 03:30 CEST).
 */
export function localToInstant(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): number {
  const guess = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  const before = offsetAt(guess - DAY, timeZone);
  const after = offsetAt(guess + DAY, timeZone);
  const candidates = [guess - before, guess - after].filter((t) => t + offsetAt(t, timeZone) === guess);
  if (candidates.length > 0) return Math.min(...candidates);
  return guess - before;
}

/** Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (local in `timeZone`) or an ISO instant with Z/offset. */
export function parseLocalDateTime(
  text: string,
  timeZone: string,
): { instant: number; dateOnly: boolean } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
    v === undefined ? 0 : Number(v),
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const dateOnly = m[4] === undefined;
  const zone = m[7];
  if (zone !== undefined) {
    const instant = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${zone}`);
    return Number.isNaN(instant) ? undefined : { instant, dateOnly };
  }
  return { instant: localToInstant({ year, month, day, hour, minute, second }, timeZone), dateOnly };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The start of the local day after the given one, in `timeZone` (23, 24 or 25 hours later). */
export function startOfNextLocalDay(text: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return localToInstant(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
}
