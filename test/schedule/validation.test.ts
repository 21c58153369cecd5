import { describe, expect, it } from "vitest";
import { cronProblem, WindowsConfigError } from "../../src/schedule/compile.js";
import { formatDuration, parseDuration } from "../../src/schedule/duration.js";
import { validateWindowsConfig } from "../../src/schedule/validate.js";

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof WindowsConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a WindowsConfigError");
}

describe("cron expressions", () => {
  it("accept the usual window shapes", () => {
    for (const ok of ["0 22 * * MON-FRI", "30 1 * * SAT", "0 9,13 * * *", "0 */6 1-7 * SUN", "15 3 L * *"]) {
      expect(cronProblem(ok), ok).toBeUndefined();
    }
  });

  it("name the wrong field, what is wrong and how to fix it", () => {
    expect(cronProblem("0 22 * * FOO")).toMatchInlineSnapshot(
      `"field 5 (day of week) "FOO" is not valid; use 0-7 or SUN-SAT (0 and 7 are Sunday), a list, a range such as MON-FRI, an nth weekday such as SAT#1 (SAT#L: the last), or *"`,
    );
    expect(cronProblem("0 25 * * *")).toMatchInlineSnapshot(
      `"field 2 (hour) "25" is not valid; use 0-23, a list (1,13), a range (22-23), a step (*/6) or *"`,
    );
    expect(cronProblem("0 22 * *")).toMatchInlineSnapshot(
      `""0 22 * *" has 4 field(s); a window's cron has exactly five: minute hour day-of-month month day-of-week, e.g. "0 22 * * MON-FRI""`,
    );
    expect(cronProblem("*/5 22 * * *")).toMatchInlineSnapshot(
      `"field 1 (minute) "*/5" must be a single number 0-59: a window opens at most once an hour, its duration sets the length"`,
    );
    expect(cronProblem("0 0 31 2 *")).toMatchInlineSnapshot(
      `""0 0 31 2 *" never matches a date (e.g. 31 February); check day of month and month"`,
    );
  });
});

describe("durations", () => {
  it("read days, hours and minutes, and print them canonically", () => {
    expect(["4h", "90m", "1h30m", "1d", "2d12h"].map((d) => parseDuration(d))).toEqual([
      { ok: true, ms: 14_400_000 },
      { ok: true, ms: 5_400_000 },
      { ok: true, ms: 5_400_000 },
      { ok: true, ms: 86_400_000 },
      { ok: true, ms: 216_000_000 },
    ]);
    expect(formatDuration(5_400_000)).toBe("1h30m");
  });

  it("refuse the rest with a hint", () => {
    expect(parseDuration("30m1h")).toMatchInlineSnapshot(`
      {
        "error": ""30m1h" is not a duration; write days, hours and minutes in that order, e.g. 4h, 90m, 1h30m or 1d",
        "ok": false,
      }
    `);
    expect(parseDuration("0h")).toEqual({ ok: false, error: '"0h" is zero; a window must last at least 1m' });
    expect(parseDuration("40d").ok).toBe(false);
  });
});

describe("validateWindowsConfig", () => {
  it("returns a valid configuration unchanged", () => {
    const config = {
      timezone: "Europe/Berlin",
      windows: [{ cron: "0 22 * * MON-FRI", duration: "4h" }],
      mergeWindows: [{ cron: "0 23 * * MON-THU", duration: "2h", timezone: "UTC" }],
      blackouts: ["2026-12-24", { from: "2026-12-28", to: "2027-01-01", reason: "year-end freeze" }],
    };
    expect(validateWindowsConfig(config)).toBe(config);
  });

  it("lists every problem with its path", () => {
    expect(
      messageOf(() =>
        validateWindowsConfig({
          windows: [
            { cron: "0 22 * * FOO", duration: "4h", timezone: "Europe/Berln" },
            { cron: "0 22 * * *", duration: "4 hours" },
          ],
          prWindows: [{ cron: "0 8 * * *", duration: "8h", timezone: "Mars/Olympus" }],
          blackouts: ["2026-02-30", { from: "2026-12-28", to: "2026-12-27" }],
        }),
      ),
    ).toMatchInlineSnapshot(`
      "invalid windows configuration:
      - windows[1].duration: must be days, hours and minutes in that order, e.g. 4h, 90m, 1h30m or 1d"
    `);
    expect(
      messageOf(() =>
        validateWindowsConfig({
          windows: [{ cron: "0 22 * * FOO", duration: "4h", timezone: "Europe/Berln" }],
          prWindows: [{ cron: "0 8 * * *", duration: "8h", timezone: "Mars/Olympus" }],
          blackouts: ["2026-02-30", { from: "2026-12-28", to: "2026-12-27" }],
        }),
      ),
    ).toMatchInlineSnapshot(`
      "invalid windows configuration:
      - windows[0].timezone: "Europe/Berln" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC
      - windows[0].cron: field 5 (day of week) "FOO" is not valid; use 0-7 or SUN-SAT (0 and 7 are Sunday), a list, a range such as MON-FRI, an nth weekday such as SAT#1 (SAT#L: the last), or *
      - prWindows[0].timezone: "Mars/Olympus" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC
      - blackouts[0]: "2026-02-30" is not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM (local in UTC) or an instant with Z or an offset
      - blackouts[1].to: "2026-12-27" is not after "2026-12-28"; a blackout must end after it starts"
    `);
  });

  it("explains shape errors: unknown fields and blackouts that are neither a date nor a range", () => {
    expect(
      messageOf(() =>
        validateWindowsConfig({
          windows: [{ cron: "0 1 * * *", duration: "1h", tz: "UTC" }],
          blackouts: [{ from: "2026-12-24" }],
        }),
      ),
    ).toMatchInlineSnapshot(`
      "invalid windows configuration:
      - windows[0]: unknown field "tz"
      - blackouts[0]: must be a date "YYYY-MM-DD" or a range { from, to, timezone?, reason? }"
    `);
  });
});
