import { describe, expect, it } from "vitest";
import type { Blackout, Window } from "../../src/generated/windows.js";
import { compileBlackouts, compileSchedule, compileWindows } from "../../src/schedule/compile.js";
import { isOpen, nextClosing, nextOpening } from "../../src/schedule/windows.js";

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | undefined): string | undefined => d?.toISOString();

function schedule(windows: Window[], blackouts: Blackout[] = [], timezone = "UTC") {
  return { windows: compileWindows(windows, timezone), blackouts: compileBlackouts(blackouts, timezone) };
}

describe("a weekday evening window in Berlin (0 22 * * MON-FRI for 4h)", () => {
  const s = schedule([{ cron: "0 22 * * MON-FRI", duration: "4h", timezone: "Europe/Berlin" }]);

  it("is closed on Tuesday afternoon and says when it opens", () => {
    expect(isOpen(s.windows, s.blackouts, at("2026-11-24T15:00:00Z"))).toMatchInlineSnapshot(`
      {
        "open": false,
        "reason": "outside every window",
        "until": 2026-11-24T21:00:00.000Z,
      }
    `);
  });

  it("opens exactly at 22:00 local and stays open across midnight until 02:00", () => {
    expect(isOpen(s.windows, s.blackouts, at("2026-11-24T21:00:00Z"))).toMatchInlineSnapshot(`
      {
        "open": true,
        "reason": "inside window 0 22 * * MON-FRI for 4h (Europe/Berlin)",
        "until": 2026-11-25T01:00:00.000Z,
      }
    `);
    expect(isOpen(s.windows, s.blackouts, at("2026-11-25T00:59:59.999Z")).open).toBe(true);
    expect(isOpen(s.windows, s.blackouts, at("2026-11-25T01:00:00Z")).open).toBe(false);
  });

  it("is still open after midnight on Saturday for Friday's window, then closed until Monday evening", () => {
    expect(isOpen(s.windows, s.blackouts, at("2026-11-28T00:30:00Z")).open).toBe(true);
    expect(iso(nextOpening(s.windows, s.blackouts, at("2026-11-28T02:00:00Z")))).toBe(
      "2026-11-30T21:00:00.000Z",
    );
  });

  it("nextOpening and nextClosing return now when already in that state", () => {
    const open = at("2026-11-24T22:00:00Z");
    const closed = at("2026-11-24T12:00:00Z");
    expect(nextOpening(s.windows, s.blackouts, open)).toEqual(open);
    expect(nextClosing(s.windows, s.blackouts, closed)).toEqual(closed);
    expect(iso(nextClosing(s.windows, s.blackouts, open))).toBe("2026-11-25T01:00:00.000Z");
  });
});

describe("overlapping windows", () => {
  it("merge into one open period that closes at the end of the last overlapping window", () => {
    const s = schedule([
      { cron: "0 20 * * *", duration: "3h" },
      { cron: "0 22 * * *", duration: "2h" },
      { cron: "0 0 * * *", duration: "1h30m" },
    ]);
    const state = isOpen(s.windows, s.blackouts, at("2026-06-01T20:30:00Z"));
    expect(state.open).toBe(true);
    expect(iso(state.until)).toBe("2026-06-02T01:30:00.000Z");
  });

  it("an hourly window lasting an hour is open continuously until the horizon", () => {
    const s = schedule([{ cron: "0 * * * *", duration: "1h" }]);
    const now = at("2026-06-01T10:15:00Z");
    expect(isOpen(s.windows, s.blackouts, now, 3 * 86_400_000)).toEqual({
      open: true,
      reason: "inside window 0 * * * * for 1h (UTC)",
    });
  });
});

describe("no windows configured", () => {
  it("is always open, and closes only for a blackout", () => {
    const s = schedule(
      [],
      [{ from: "2026-12-24", to: "2026-12-26", reason: "Christmas freeze" }],
      "Europe/Berlin",
    );
    expect(isOpen(s.windows, s.blackouts, at("2026-12-01T00:00:00Z"))).toMatchInlineSnapshot(`
      {
        "open": true,
        "reason": "no windows configured: always open outside blackouts",
        "until": 2026-12-23T23:00:00.000Z,
      }
    `);
    expect(isOpen([], [], at("2026-12-01T00:00:00Z"))).toEqual({
      open: true,
      reason: "no windows configured: always open outside blackouts",
    });
  });
});

describe("blackouts", () => {
  const windows: Window[] = [{ cron: "0 22 * * *", duration: "4h" }];

  it("override windows: a blackout day in Berlin closes the window that starts on it", () => {
    const s = schedule(windows, ["2026-12-24"], "Europe/Berlin");
    expect(isOpen(s.windows, s.blackouts, at("2026-12-24T21:30:00Z"))).toMatchInlineSnapshot(`
      {
        "open": false,
        "reason": "blackout 2026-12-24 (Europe/Berlin)",
        "until": 2026-12-24T23:00:00.000Z,
      }
    `);
  });

  it("cut a window short: the window re-opens when the blackout ends while it is still running", () => {
    const s = schedule(windows, [{ from: "2026-12-24T23:30", to: "2026-12-25T00:30" }], "UTC");
    const state = isOpen(s.windows, s.blackouts, at("2026-12-24T22:00:00Z"));
    expect(iso(state.until)).toBe("2026-12-24T23:30:00.000Z");
    expect(iso(nextOpening(s.windows, s.blackouts, at("2026-12-24T23:30:00Z")))).toBe(
      "2026-12-25T00:30:00.000Z",
    );
  });

  it("are read in their own time zone: a Tokyo freeze day is 15:00-15:00 UTC", () => {
    const b = compileBlackouts([{ from: "2026-01-01", to: "2026-01-01", timezone: "Asia/Tokyo" }], "UTC");
    expect(b.map((x) => [new Date(x.fromMs).toISOString(), new Date(x.toMs).toISOString()])).toEqual([
      ["2025-12-31T15:00:00.000Z", "2026-01-01T15:00:00.000Z"],
    ]);
  });

  it("date-only ends include the whole day; an end with a time is exclusive; offsets are honoured", () => {
    const b = compileBlackouts(
      [
        { from: "2026-12-24", to: "2026-12-26" },
        { from: "2026-12-31T18:00", to: "2027-01-01T06:00", timezone: "America/New_York" },
        { from: "2026-07-01T00:00:00+02:00", to: "2026-07-01T01:00:00Z" },
      ],
      "Europe/Berlin",
    );
    expect(
      b.map((x) => `${new Date(x.fromMs).toISOString()} .. ${new Date(x.toMs).toISOString()}`),
    ).toMatchInlineSnapshot(`
        [
          "2026-12-23T23:00:00.000Z .. 2026-12-26T23:00:00.000Z",
          "2026-12-31T23:00:00.000Z .. 2027-01-01T11:00:00.000Z",
          "2026-06-30T22:00:00.000Z .. 2026-07-01T01:00:00.000Z",
        ]
      `);
  });

  it("chained blackouts are skipped together when looking for the next opening", () => {
    const s = schedule([], ["2026-12-24", "2026-12-25", { from: "2026-12-26", to: "2026-12-26T12:00" }]);
    expect(iso(nextOpening(s.windows, s.blackouts, at("2026-12-24T10:00:00Z")))).toBe(
      "2026-12-26T12:00:00.000Z",
    );
  });
});

describe("separate windows for opening PRs and for merging", () => {
  it("use prWindows / mergeWindows when given, windows otherwise, and blackouts for both", () => {
    const config = {
      timezone: "Europe/Berlin",
      windows: [{ cron: "0 8 * * MON-FRI", duration: "10h" }],
      mergeWindows: [{ cron: "0 22 * * MON-THU", duration: "4h" }],
      blackouts: ["2026-12-24"],
    };
    const pr = compileSchedule(config, "pr");
    const merge = compileSchedule(config, "merge");
    expect(pr.windows.map((w) => w.label)).toEqual(["0 8 * * MON-FRI for 10h (Europe/Berlin)"]);
    expect(merge.windows.map((w) => w.label)).toEqual(["0 22 * * MON-THU for 4h (Europe/Berlin)"]);
    expect(merge.blackouts).toHaveLength(1);
    const noon = at("2026-11-24T11:00:00Z");
    expect(isOpen(pr.windows, pr.blackouts, noon).open).toBe(true);
    expect(isOpen(merge.windows, merge.blackouts, noon).open).toBe(false);
  });

  it("fall back to the repository's time zone, then UTC", () => {
    expect(
      compileSchedule({ windows: [{ cron: "0 1 * * *", duration: "1h" }] }, "pr", "Asia/Tokyo").timezone,
    ).toBe("Asia/Tokyo");
    expect(compileSchedule({}, "merge").timezone).toBe("UTC");
  });
});
