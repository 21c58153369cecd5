import { describe, expect, it } from "vitest";
import { compileBlackouts, compileSchedule, compileWindows } from "../../src/schedule/compile.js";
import {
  describeNextOpening,
  describeWindowState,
  formatInstant,
  windowStatus,
  windowView,
} from "../../src/schedule/describe.js";
import { isOpen } from "../../src/schedule/windows.js";

describe("describing window times in the repository's time zone and in UTC", () => {
  it("renders the next opening like the dashboard and check runs show it", () => {
    expect(describeNextOpening(new Date("2026-11-24T21:00:00Z"), "Europe/Berlin")).toBe(
      "next window opens Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)",
    );
  });

  it("repeats the date in UTC when it differs, and adds the year when it is not this year's", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(formatInstant(new Date("2026-11-24T23:30:00Z"), "Asia/Tokyo", now)).toBe(
      "Wed 25 Nov 08:30 Asia/Tokyo (Tue 24 Nov 23:30 UTC)",
    );
    expect(formatInstant(new Date("2027-01-04T21:00:00Z"), "Europe/Berlin", now)).toBe(
      "Mon 4 Jan 2027 22:00 Europe/Berlin (21:00 UTC)",
    );
    expect(formatInstant(new Date("2026-09-01T21:00:00Z"), "UTC")).toBe("Tue 1 Sep 21:00 UTC");
  });

  it("summarises a state in one line", () => {
    const windows = compileWindows([{ cron: "0 22 * * MON-FRI", duration: "4h" }], "Europe/Berlin");
    const blackouts = compileBlackouts(
      [{ from: "2026-12-24", to: "2026-12-26", reason: "Christmas freeze" }],
      "Europe/Berlin",
    );
    const lines = ["2026-11-24T15:00:00Z", "2026-11-24T22:00:00Z", "2026-12-24T22:00:00Z"].map((iso) => {
      const now = new Date(iso);
      return describeWindowState(isOpen(windows, blackouts, now), "Europe/Berlin", now);
    });
    expect(lines).toMatchInlineSnapshot(`
      [
        "window closed (outside every window); next window opens Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)",
        "window open until Wed 25 Nov 02:00 Europe/Berlin (01:00 UTC) (inside window 0 22 * * MON-FRI for 4h (Europe/Berlin))",
        "window closed (blackout 2026-12-24 to 2026-12-26 (Europe/Berlin): Christmas freeze); next window opens Mon 28 Dec 22:00 Europe/Berlin (21:00 UTC)",
      ]
    `);
  });

  it("gives the app one call per purpose: state and text for merging", () => {
    const schedule = compileSchedule(
      { mergeWindows: [{ cron: "0 22 * * MON-FRI", duration: "4h" }] },
      "merge",
      "Europe/Berlin",
    );
    expect(windowStatus(schedule, new Date("2026-11-24T15:00:00Z"))).toMatchInlineSnapshot(`
      {
        "open": false,
        "reason": "outside every window",
        "text": "window closed (outside every window); next window opens Tue 24 Nov 22:00 Europe/Berlin (21:00 UTC)",
        "until": 2026-11-24T21:00:00.000Z,
      }
    `);
  });
});

describe("the window view the state machine gets", () => {
  const schedule = compileSchedule(
    {
      mergeWindows: [{ cron: "0 22 * * MON-FRI", duration: "4h" }],
      blackouts: [{ from: "2026-11-25T23:00", to: "2026-11-26T01:00", reason: "release" }],
    },
    "merge",
    "Europe/Berlin",
  );

  it("gives an open window's end and the next opening after it, in the repository's time zone and UTC", () => {
    expect(windowView(schedule, new Date("2026-11-24T22:30:00Z"))).toEqual({
      open: true,
      text: "window open until Wed 25 Nov 02:00 Europe/Berlin (01:00 UTC) (inside window 0 22 * * MON-FRI for 4h (Europe/Berlin))",
      closing: {
        at: Date.parse("2026-11-25T01:00:00Z"),
        atText: "Wed 25 Nov 02:00 Europe/Berlin (01:00 UTC)",
        next: "next window opens Wed 25 Nov 22:00 Europe/Berlin (21:00 UTC)",
      },
    });
  });

  it("ends a window early at a blackout, and reopens when the blackout ends inside the window", () => {
    expect(windowView(schedule, new Date("2026-11-25T21:30:00Z")).closing).toEqual({
      at: Date.parse("2026-11-25T22:00:00Z"),
      atText: "Wed 25 Nov 23:00 Europe/Berlin (22:00 UTC)",
      next: "next window opens Thu 26 Nov 01:00 Europe/Berlin (00:00 UTC)",
    });
  });

  it("has no end when closed, or when nothing ever closes it", () => {
    expect(windowView(schedule, new Date("2026-11-24T15:00:00Z")).closing).toBeUndefined();
    const always = compileSchedule({}, "merge", "Europe/Berlin");
    expect(windowView(always, new Date("2026-11-24T15:00:00Z"))).toEqual({
      open: true,
      text: "window open (no windows configured: always open outside blackouts)",
    });
  });
});
