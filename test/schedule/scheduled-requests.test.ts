// Scheduled rollouts: which occurrences a tick finds due, on a pinned clock, and the issue each one opens.
// Berlin changes to summer time on 2026-03-29 (02:00 CET -> 03:00 CEST) and back on 2026-10-25.
import { describe, expect, it } from "vitest";
import { createPatchRequestChecker, parseIssueRequest } from "../../src/commands/issue-request.js";
import type { Schedule } from "../../src/generated/schedules.js";
import {
  type DueOccurrence,
  dueOccurrences,
  readScheduleMarker,
  SCHEDULE_LOOKBACK_MS,
  scheduleClaimRef,
  scheduledIssue,
  scheduleProblems,
  timeConfigProblems,
} from "../../src/schedule/scheduled-requests.js";

const MINUTE = 60_000;
const replaceWorkers: Schedule = {
  id: "first-saturday",
  cron: "0 6 * * SAT#1",
  timezone: "Europe/Berlin",
  title: "Replace all workers from the pool",
  request: { strategy: "replace", machines: { role: "worker" }, maxSurge: 1 },
};

/** Ticks every minute from `from` to `to` (skipping `missed`), each looking back like the app does. */
function tickEveryMinute(
  schedules: Schedule[],
  from: string,
  to: string,
  missed: (t: number) => boolean = () => false,
): { tick: string; due: string[] }[] {
  const out: { tick: string; due: string[] }[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += MINUTE) {
    if (missed(t)) continue;
    const due = dueOccurrences(schedules, { since: new Date(t - SCHEDULE_LOOKBACK_MS), now: new Date(t) });
    out.push({ tick: new Date(t).toISOString(), due: due.map(key) });
  }
  return out;
}
const key = (d: DueOccurrence): string => `${d.schedule.id}@${d.at.toISOString()}`;
const distinct = (ticks: { due: string[] }[]): string[] => [...new Set(ticks.flatMap((t) => t.due))];

describe("every first Saturday (0 6 * * SAT#1, Europe/Berlin)", () => {
  it("falls on the first Saturday of each month at 06:00 local, summer and winter", () => {
    const due = dueOccurrences([replaceWorkers], {
      since: new Date("2026-11-25T00:00:00Z"),
      now: new Date("2027-07-31T00:00:00Z"),
    });
    expect(due.map((d) => d.at.toISOString())).toEqual([
      "2026-12-05T05:00:00.000Z",
      "2027-01-02T05:00:00.000Z",
      "2027-02-06T05:00:00.000Z",
      "2027-03-06T05:00:00.000Z",
      "2027-04-03T04:00:00.000Z",
      "2027-05-01T04:00:00.000Z",
      "2027-06-05T04:00:00.000Z",
      "2027-07-03T04:00:00.000Z",
    ]);
  });

  it("is due at ticks from its instant for the lookback, and at none before", () => {
    const ticks = tickEveryMinute([replaceWorkers], "2026-12-05T04:50:00Z", "2026-12-05T05:20:00Z");
    const firing = ticks.filter((t) => t.due.length > 0).map((t) => t.tick);
    expect(firing[0]).toBe("2026-12-05T05:00:00.000Z");
    expect(firing.at(-1)).toBe("2026-12-05T05:09:00.000Z");
    expect(distinct(ticks)).toEqual(["first-saturday@2026-12-05T05:00:00.000Z"]);
  });

  it("still fires, once, when the ticks around it are missed for five minutes", () => {
    const down = (t: number) =>
      t >= Date.parse("2026-12-05T04:58:00Z") && t < Date.parse("2026-12-05T05:03:00Z");
    const ticks = tickEveryMinute([replaceWorkers], "2026-12-05T04:50:00Z", "2026-12-05T05:30:00Z", down);
    expect(ticks.find((t) => t.due.length > 0)?.tick).toBe("2026-12-05T05:03:00.000Z");
    expect(distinct(ticks)).toEqual(["first-saturday@2026-12-05T05:00:00.000Z"]);
  });

  it("treats `since` as exclusive and `now` as inclusive", () => {
    const at = new Date("2026-12-05T05:00:00Z");
    expect(dueOccurrences([replaceWorkers], { since: at, now: new Date(at.getTime() + MINUTE) })).toEqual([]);
    expect(dueOccurrences([replaceWorkers], { since: new Date(at.getTime() - 1), now: at })).toHaveLength(1);
  });
});

describe("daylight saving (30 2 * * *, Europe/Berlin)", () => {
  const nightly: Schedule = {
    id: "nightly",
    cron: "30 2 * * *",
    timezone: "Europe/Berlin",
    request: { strategy: "in-place" },
  };

  it("fires at the end of the skipped hour (03:00 CEST) on spring-forward day, once", () => {
    const ticks = tickEveryMinute([nightly], "2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z");
    expect(distinct(ticks)).toEqual(["nightly@2026-03-29T01:00:00.000Z"]);
  });

  it("fires once on fall-back day, at the first 02:30 (CEST), not again at the repeated one", () => {
    const ticks = tickEveryMinute([nightly], "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z");
    expect(distinct(ticks)).toEqual(["nightly@2026-10-25T00:30:00.000Z"]);
  });

  it("uses the default time zone for schedules that name none", () => {
    const { timezone: _, ...utc } = nightly;
    const due = dueOccurrences(
      [utc],
      { since: new Date("2026-06-01T00:00:00Z"), now: new Date("2026-06-02T00:00:00Z") },
      "America/New_York",
    );
    expect(due.map((d) => [d.at.toISOString(), d.timezone])).toEqual([
      ["2026-06-01T06:30:00.000Z", "America/New_York"],
    ]);
  });
});

describe("the issue an occurrence opens", () => {
  const occurrence: DueOccurrence = {
    schedule: replaceWorkers,
    at: new Date("2026-12-05T05:00:00Z"),
    timezone: "Europe/Berlin",
  };

  it("names the schedule and the occurrence, and holds the request as a fenced YAML block", () => {
    const { title, body } = scheduledIssue(occurrence);
    expect(title).toBe("node-patch: Replace all workers from the pool (scheduled 2026-12-05T05:00:00Z)");
    expect(body).toMatchInlineSnapshot(`
      "Opened by the schedule \`first-saturday\` (\`0 6 * * SAT#1\`, Europe/Berlin) for its occurrence of Sat 5 Dec 06:00 Europe/Berlin (05:00 UTC).
      The plan, approvals and windows apply as for any patch request. Close this issue to skip this occurrence.

      \`\`\`yaml
      strategy: replace
      machines:
        role: worker
      maxSurge: 1
      \`\`\`

      <!-- node-patch-bot:schedule id=first-saturday at=2026-12-05T05:00:00Z -->"
    `);
  });

  it("is read back as the same patch request, and its marker as the schedule and occurrence", () => {
    const { body } = scheduledIssue(occurrence);
    expect(parseIssueRequest(body, createPatchRequestChecker())).toEqual({
      ok: true,
      source: "yaml",
      request: replaceWorkers.request,
      block: { text: "strategy: replace\nmachines:\n  role: worker\nmaxSurge: 1", firstLine: 5 },
    });
    expect(readScheduleMarker(body)).toEqual({ id: "first-saturday", at: "2026-12-05T05:00:00Z" });
    expect(readScheduleMarker("a person's issue")).toBeUndefined();
  });

  it("falls back to the schedule's id for the title; claims a ref named after the occurrence", () => {
    const { title: _, ...untitled } = replaceWorkers;
    expect(scheduledIssue({ ...occurrence, schedule: untitled }).title).toBe(
      "node-patch: first-saturday (scheduled 2026-12-05T05:00:00Z)",
    );
    expect(scheduleClaimRef("first-saturday", occurrence.at)).toBe(
      "refs/node-patch-bot/schedules/first-saturday/20261205T050000Z",
    );
  });
});

describe("schedule problems a schema cannot see", () => {
  it("names each one with its path, what is wrong and how to fix it", () => {
    const problems = scheduleProblems([
      replaceWorkers,
      { ...replaceWorkers, cron: "*/5 6 * * SAT#1" },
      { id: "b", cron: "0 6 * * SAT#6", request: { strategy: "replace" } },
      { id: "c", cron: "0 6 * *", timezone: "Europe/Berln", request: { strategy: "replace" } },
    ]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toMatchInlineSnapshot(`
      [
        "schedules[1].id: "first-saturday" is used by an earlier schedule; each schedule needs its own id",
        "schedules[1].cron: field 1 (minute) "*/5" must be a single number 0-59: a schedule fires at most once an hour",
        "schedules[2].cron: field 5 (day of week) "SAT#6" is not valid; use 0-7 or SUN-SAT (0 and 7 are Sunday), a list, a range such as MON-FRI, an nth weekday such as SAT#1 (SAT#L: the last), or *",
        "schedules[3].cron: "0 6 * *" has 4 field(s); a schedule's cron has exactly five: minute hour day-of-month month day-of-week, e.g. "0 6 * * SAT#1"",
        "schedules[3].timezone: "Europe/Berln" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC",
      ]
    `);
  });

  it("skips a schedule with problems rather than guess when it fires", () => {
    const bad = { ...replaceWorkers, cron: "0 6 * * SAT#6" };
    expect(
      dueOccurrences([bad], {
        since: new Date("2026-01-01T00:00:00Z"),
        now: new Date("2027-01-01T00:00:00Z"),
      }),
    ).toEqual([]);
  });

  it("are reported with the windows' problems for the whole config, a bad default time zone once", () => {
    expect(
      timeConfigProblems({
        timezone: "Mars/Olympus",
        windows: [{ cron: "0 22 * * *", duration: "1h" }],
        schedules: [{ id: "a", cron: "0 6 * * SAT#1", request: { strategy: "replace" } }],
      }),
    ).toEqual([
      '`timezone` "Mars/Olympus" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC',
    ]);
    expect(timeConfigProblems({ schedules: [replaceWorkers] })).toEqual([]);
  });
});
