// Berlin changes to summer time on 2026-03-29 (02:00 CET -> 03:00 CEST, the hour 02:00-03:00 does not
// exist) and back on 2026-10-25 (03:00 CEST -> 02:00 CET, the hour 02:00-03:00 happens twice).
import { describe, expect, it } from "vitest";
import { compileWindows } from "../../src/schedule/compile.js";
import { formatInstant } from "../../src/schedule/describe.js";
import { isOpen, nextClosing, nextOpening } from "../../src/schedule/windows.js";
import { localToInstant } from "../../src/schedule/zoned-time.js";

const tz = "Europe/Berlin";
const at = (iso: string): Date => new Date(iso);

describe("a window that starts in the hour skipped by spring-forward (30 2 * * * Europe/Berlin)", () => {
  const windows = compileWindows([{ cron: "30 2 * * *", duration: "1h" }], tz);

  it("opens at the end of the gap (03:00 CEST) on that day and lasts its full duration", () => {
    const opening = nextOpening(windows, [], at("2026-03-28T12:00:00Z"));
    expect(opening?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(formatInstant(opening!, tz)).toBe("Sun 29 Mar 03:00 Europe/Berlin (01:00 UTC)");
    expect(nextClosing(windows, [], opening!)?.toISOString()).toBe("2026-03-29T02:00:00.000Z");
  });

  it("is back to 02:30 local (now 00:30 UTC) the next day", () => {
    expect(nextOpening(windows, [], at("2026-03-29T03:00:00Z"))?.toISOString()).toBe(
      "2026-03-30T00:30:00.000Z",
    );
  });

  it("is closed just before the shifted opening, when the old 02:30 CET would have been", () => {
    expect(isOpen(windows, [], at("2026-03-29T00:59:59Z")).open).toBe(false);
  });
});

describe("a window that starts in the hour repeated by fall-back (30 2 * * * Europe/Berlin)", () => {
  const windows = compileWindows([{ cron: "30 2 * * *", duration: "1h" }], tz);

  it("opens once, at the first 02:30 (CEST, 00:30 UTC), and does not open again at the second", () => {
    const opening = nextOpening(windows, [], at("2026-10-24T12:00:00Z"));
    expect(opening?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(nextClosing(windows, [], opening!)?.toISOString()).toBe("2026-10-25T01:30:00.000Z");
    // The second 02:30 (CET) is 01:30 UTC: closed, and the next opening is the following night.
    expect(isOpen(windows, [], at("2026-10-25T01:30:00Z"))).toMatchInlineSnapshot(`
      {
        "open": false,
        "reason": "outside every window",
        "until": 2026-10-26T01:30:00.000Z,
      }
    `);
  });

  it("measures duration in elapsed time: 4h from 02:30 CEST ends at 05:30 CET", () => {
    const long = compileWindows([{ cron: "30 2 * * *", duration: "4h" }], tz);
    const closing = nextClosing(long, [], at("2026-10-25T00:30:00Z"));
    expect(closing?.toISOString()).toBe("2026-10-25T04:30:00.000Z");
    expect(formatInstant(closing!, tz)).toBe("Sun 25 Oct 05:30 Europe/Berlin (04:30 UTC)");
  });
});

describe("an hourly window across the fall-back night", () => {
  it("opens at both 02:00s (00:00 UTC in summer time, 01:00 UTC in winter time), then at 03:00", () => {
    const windows = compileWindows([{ cron: "0 * * * *", duration: "15m" }], tz);
    const openings = ["2026-10-24T23:20:00Z", "2026-10-25T00:20:00Z", "2026-10-25T01:20:00Z"].map((from) =>
      nextOpening(windows, [], at(from)),
    );
    expect(openings.map((o) => o?.toISOString())).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
    expect(openings.map((o) => formatInstant(o!, tz))).toEqual([
      "Sun 25 Oct 02:00 Europe/Berlin (00:00 UTC)",
      "Sun 25 Oct 02:00 Europe/Berlin (01:00 UTC)",
      "Sun 25 Oct 03:00 Europe/Berlin (02:00 UTC)",
    ]);
    // Each 02:00 opens its own 15 minutes: open at both, closed in between.
    expect(
      ["2026-10-25T00:10:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:10:00Z"].map(
        (x) => isOpen(windows, [], at(x)).open,
      ),
    ).toEqual([true, false, true]);
  });
});

describe("local times in blackouts and ranges (Temporal's 'compatible' rule)", () => {
  it("reads a skipped local time as moved forward by the gap, and a repeated one as its first occurrence", () => {
    const skipped = localToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, tz);
    const repeated = localToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, tz);
    expect([new Date(skipped).toISOString(), new Date(repeated).toISOString()]).toEqual([
      "2026-03-29T01:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
    ]);
  });
});
