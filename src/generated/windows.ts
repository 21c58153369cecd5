/* Generated from schemas/windows.schema.json by scripts/gen-types.ts. Do not edit. */

/**
 * How long a window stays open after each cron occurrence: days, hours and minutes in that order, e.g. 4h, 90m, 1h30m, 1d.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "Duration".
 */
export type Duration = string;
/**
 * An IANA time zone name such as Europe/Berlin, America/New_York or UTC.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "TimeZone".
 */
export type TimeZone = string;
/**
 * A whole day (YYYY-MM-DD, in the default time zone) or a range.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "Blackout".
 */
export type Blackout = LocalDate | BlackoutRange;
/**
 * A calendar date, YYYY-MM-DD.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "LocalDate".
 */
export type LocalDate = string;
/**
 * A date (YYYY-MM-DD), a local date and time (YYYY-MM-DDTHH:MM) in the blackout's time zone, or an instant with an offset (YYYY-MM-DDTHH:MM[:SS]Z or ±HH:MM).
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "LocalDateTime".
 */
export type LocalDateTime = string;

/**
 * Patch windows: when the bot may open phase pull requests and when it may merge them. No windows configured means always open, except during blackouts.
 */
export interface WindowsConfig {
  /**
   * Default IANA time zone for windows and blackouts that name none (e.g. Europe/Berlin). Falls back to the repository's time zone, then UTC.
   */
  timezone?: string;
  /**
   * Windows for everything (opening and merging phase PRs), unless prWindows or mergeWindows override them.
   */
  windows?: Window[];
  /**
   * Windows for opening phase pull requests (like Renovate's schedule). Default: windows.
   */
  prWindows?: Window[];
  /**
   * Windows for merging phase pull requests (like Renovate's automergeSchedule). Default: windows.
   */
  mergeWindows?: Window[];
  /**
   * Dates or ranges when nothing may happen (a change freeze). They override every window.
   */
  blackouts?: Blackout[];
}
/**
 * A recurring window: it opens at every occurrence of cron (in timezone) and stays open for duration.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "Window".
 */
export interface Window {
  /**
   * Five-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 22 * * MON-FRI". The minute field must be a single number: a window opens at most once an hour.
   */
  cron: string;
  duration: Duration;
  timezone?: TimeZone;
}
/**
 * A blackout from `from` (inclusive) to `to`. A date-only `to` includes that whole day; a `to` with a time is exclusive.
 *
 * This interface was referenced by `WindowsConfig`'s JSON-Schema
 * via the `definition` "BlackoutRange".
 */
export interface BlackoutRange {
  from: LocalDateTime;
  to: LocalDateTime;
  timezone?: TimeZone;
  reason?: string;
}
