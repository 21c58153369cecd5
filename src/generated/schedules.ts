/* Generated from schemas/schedules.schema.json by scripts/gen-types.ts. Do not edit. */
import type {TimeZone} from "./windows.js";
import type {PatchRequest} from "./patch-request.js";

/**
 * Scheduled rollouts: at each cron occurrence the bot opens a patch request issue by itself, which then follows the normal flow (plan, approval as configured, windows).
 */
export interface SchedulesConfig {
  /**
   * Recurring rollouts, each `{ id, cron, timezone?, title?, request }`: at every occurrence of `cron` (five fields, in `timezone`, default the config's `timezone`, else UTC; the minute a single number; an nth weekday such as `SAT#1` for "every first Saturday") the bot opens an issue titled "node-patch: `title` (scheduled `instant`)" holding `request`, a patch request in the same shape as one written in an issue. The plan, approvals and windows then apply as for a person's request. Each occurrence opens one issue, even with several replicas; closing it skips that occurrence; an occurrence the app was down for (more than 10 minutes) is skipped.
   */
  schedules?: Schedule[];
}
/**
 * A recurring rollout: at every occurrence of cron (in timezone) the bot opens an issue holding request.
 *
 * This interface was referenced by `SchedulesConfig`'s JSON-Schema
 * via the `definition` "Schedule".
 */
export interface Schedule {
  /**
   * A name unique among the schedules (lowercase letters, digits and dashes); the bot marks each issue it opens with it and the occurrence, so it never opens one twice.
   */
  id: string;
  /**
   * Five-field cron expression (minute hour day-of-month month day-of-week). The minute field must be a single number (at most one occurrence an hour). The day of week takes an nth weekday: "0 6 * * SAT#1" is 06:00 on every first Saturday, SAT#L the last Saturday of the month.
   */
  cron: string;
  /**
   * IANA time zone of cron (e.g. Europe/Berlin). Default: the config's `timezone`, else UTC.
   */
  timezone?: TimeZone;
  /**
   * What the issue is about, e.g. "Replace all workers from the pool". Default: the schedule's id.
   */
  title?: string;
  /**
   * The patch request the issue holds, in the same shape as a request written in an issue (strategy, machines, maxSurge, …).
   */
  request: PatchRequest;
}
