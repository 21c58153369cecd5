// Invariants that tie isOpen, nextOpening and nextClosing together, over random windows, blackouts, time
// zones with daylight saving (including Lord Howe's 30-minute shift) and instants biased towards DST days.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Blackout, Window } from "../../src/generated/windows.js";
import { type CompiledWindow, compileBlackouts, compileWindows } from "../../src/schedule/compile.js";
import { isOpen, nextClosing, nextOpening } from "../../src/schedule/windows.js";

const HOUR = 3_600_000;
const HORIZON = 21 * 24 * HOUR;
const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

const windowArb: fc.Arbitrary<Window> = fc.record({
  cron: fc
    .tuple(
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom("*", "0", "2", "3", "22", "1,13", "22-23", "*/6"),
      fc.constantFrom("*", "*", "1-7", "L"),
      fc.constantFrom("*", "*", "3,10", "JAN-JUN"),
      fc.constantFrom("*", "MON-FRI", "SAT", "SUN", "TUE,THU"),
    )
    .map(([m, h, dom, mon, dow]) => `${m} ${h} ${dom} ${mon} ${dow}`),
  duration: fc.constantFrom("15m", "45m", "1h", "1h30m", "4h", "10h", "1d", "2d"),
  timezone: fc.constantFrom(...zones),
});

// 2026-03-08 (US), 2026-03-29 (EU), 2026-04-05 (Lord Howe), 2026-10-04, 2026-10-25, 2026-11-01 and ordinary days.
const dstDays = [
  "2026-03-08",
  "2026-03-29",
  "2026-04-05",
  "2026-10-04",
  "2026-10-25",
  "2026-11-01",
  "2026-06-15",
  "2026-12-31",
];
const instantArb = fc
  .tuple(fc.constantFrom(...dstDays), fc.integer({ min: -36 * 60, max: 36 * 60 }))
  .map(([day, minutes]) => Date.parse(`${day}T00:00:00Z`) + minutes * 60_000 + (minutes % 7) * 1000);

const blackoutArb: fc.Arbitrary<Blackout> = fc
  .tuple(instantArb, fc.integer({ min: 10, max: 3 * 24 * 60 }), fc.constantFrom(...zones))
  .map(([from, minutes, timezone]) => ({
    from: new Date(from).toISOString().slice(0, 16),
    to: new Date(from + minutes * 60_000).toISOString().slice(0, 16),
    timezone,
  }));

const scheduleArb = fc.record({
  windows: fc.array(windowArb, { maxLength: 3 }),
  blackouts: fc.array(blackoutArb, { maxLength: 2 }),
});

// An independent definition of "open", with croner's forward search instead of the backward one isOpen uses.
function bruteOpen(
  windows: CompiledWindow[],
  blackouts: ReturnType<typeof compileBlackouts>,
  x: number,
): boolean {
  if (blackouts.some((b) => b.fromMs <= x && x < b.toMs)) return false;
  if (windows.length === 0) return true;
  return windows.some((w) => {
    const first = w.cron.nextRuns(1, new Date(x - w.durationMs))[0]?.getTime();
    return first !== undefined && first <= x;
  });
}

const samples = (from: number, to: number): number[] =>
  [0, 0.13, 0.5, 0.77, 0.999].map((f) => Math.floor(from + (to - from) * f)).filter((t) => t < to);

describe("window invariants (property-based)", () => {
  it("isOpen agrees with an independent brute-force definition", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, ({ windows, blackouts }, now) => {
        const w = compileWindows(windows, "UTC");
        const b = compileBlackouts(blackouts, "UTC");
        expect(isOpen(w, b, new Date(now), HORIZON).open).toBe(bruteOpen(w, b, now));
      }),
      { numRuns: 200 },
    );
  });

  it("when closed at now, it is closed until nextOpening and open at nextOpening", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, ({ windows, blackouts }, now) => {
        const w = compileWindows(windows, "UTC");
        const b = compileBlackouts(blackouts, "UTC");
        const state = isOpen(w, b, new Date(now), HORIZON);
        fc.pre(!state.open);
        const opening = nextOpening(w, b, new Date(now), HORIZON);
        expect(state.until).toEqual(opening);
        if (opening === undefined) return;
        expect(opening.getTime()).toBeGreaterThan(now);
        expect(isOpen(w, b, opening, HORIZON).open).toBe(true);
        for (const t of samples(now, opening.getTime())) expect(bruteOpen(w, b, t)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("when open at now, it is open throughout [now, nextClosing) and closed at nextClosing", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, ({ windows, blackouts }, now) => {
        const w = compileWindows(windows, "UTC");
        const b = compileBlackouts(blackouts, "UTC");
        const state = isOpen(w, b, new Date(now), HORIZON);
        fc.pre(state.open);
        const closing = nextClosing(w, b, new Date(now), HORIZON);
        expect(state.until).toEqual(closing);
        const end = closing?.getTime() ?? now + HORIZON;
        for (const t of samples(now, end)) expect(bruteOpen(w, b, t)).toBe(true);
        if (closing !== undefined) expect(isOpen(w, b, closing, HORIZON).open).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("nextOpening and nextClosing return now itself when already in that state", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, ({ windows, blackouts }, now) => {
        const w = compileWindows(windows, "UTC");
        const b = compileBlackouts(blackouts, "UTC");
        const date = new Date(now);
        const same = isOpen(w, b, date, HORIZON).open
          ? nextOpening(w, b, date, HORIZON)
          : nextClosing(w, b, date, HORIZON);
        expect(same).toEqual(date);
      }),
      { numRuns: 100 },
    );
  });
});
