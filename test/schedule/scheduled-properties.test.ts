// The lookback design of scheduled rollouts, over random schedules, time zones with daylight saving, and
// irregular tick times: as long as no gap between ticks exceeds the lookback, every occurrence is seen by
// some tick, no tick sees one that did not happen, and no occurrence is seen for longer than the lookback.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Schedule } from "../../src/generated/schedules.js";
import { dueOccurrences, SCHEDULE_LOOKBACK_MS } from "../../src/schedule/scheduled-requests.js";

const MINUTE = 60_000;
const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  id: fc.constantFrom("a", "b"),
  cron: fc
    .tuple(
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom("*", "2", "3", "1,2,3", "*/2"),
      fc.constantFrom("*", "*", "L", "1-7"),
      fc.constantFrom("*", "SAT#1", "SUN#L", "MON-FRI"),
    )
    .map(([m, h, dom, dow]) => `${m} ${h} ${dow === "*" ? dom : "*"} * ${dow}`),
  timezone: fc.constantFrom(...zones),
  request: fc.constant({ strategy: "replace" as const }),
});

// Around the EU (2026-03-29, 2026-10-25), US (2026-03-08, 2026-11-01) and Lord Howe (2026-04-05) changes.
const startArb = fc
  .tuple(
    fc.constantFrom("2026-03-07", "2026-03-28", "2026-04-04", "2026-10-24", "2026-10-31"),
    fc.nat(36 * 60),
  )
  .map(([day, minutes]) => Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE);

const key = (o: { schedule: Schedule; at: Date }) => `${o.schedule.id}@${o.at.toISOString()}`;

describe("due occurrences over irregular ticks", () => {
  it("are every occurrence of the span, each seen only within the lookback after it", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(scheduleArb, { minLength: 1, maxLength: 2, selector: (s) => s.id }),
        startArb,
        // Gaps of up to the lookback: ticks missed for minutes, or several in the same minute.
        fc.array(fc.integer({ min: 1, max: SCHEDULE_LOOKBACK_MS / 1000 }), { minLength: 1, maxLength: 200 }),
        (schedules, start, gaps) => {
          const ticks = [start];
          for (const g of gaps) ticks.push((ticks.at(-1) ?? start) + g * 1000);
          const seen = new Map<string, number[]>();
          for (const t of ticks) {
            const due = dueOccurrences(schedules, {
              since: new Date(t - SCHEDULE_LOOKBACK_MS),
              now: new Date(t),
            });
            for (const o of due) {
              expect(o.at.getTime()).toBeLessThanOrEqual(t);
              expect(t - o.at.getTime()).toBeLessThan(SCHEDULE_LOOKBACK_MS);
              seen.set(key(o), [...(seen.get(key(o)) ?? []), t]);
            }
          }
          const last = ticks.at(-1) ?? start;
          const all = dueOccurrences(schedules, {
            since: new Date(start - SCHEDULE_LOOKBACK_MS),
            now: new Date(last),
          }).map(key);
          expect([...seen.keys()].sort()).toEqual([...all].sort());
        },
      ),
      { numRuns: 150 },
    );
  });
});
