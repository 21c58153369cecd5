// Soak and timeout with pinned times: a gate must keep passing for the soak time, and a gate that does not
// pass in time stops the rollout.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateGate, gateSettings } from "../../src/readiness/index.js";
import { cluster, newMachines } from "../plan/build.js";
import { gateInput, healthy, MINUTE, rollout, T0, withNode } from "./fixtures.js";

const r = rollout(cluster(1, 2), { strategy: "replace", replacements: newMachines("new", 2) });
const joined = healthy(r.manifests[1] ?? cluster(1, 2));
const missing = withNode(joined, "10.9.0.1", () => undefined);
const soak = gateSettings({ soakMinutes: 10, timeoutMinutes: 30 });

describe("soak", () => {
  it("soaks from the first pass, then passes", () => {
    const first = evaluateGate(gateInput(r, 1, joined, { settings: soak, now: T0 + 2 * MINUTE }));
    expect(first).toMatchObject({ status: "soaking", firstPassedAt: T0 + 2 * MINUTE });
    expect(first.summary).toMatchInlineSnapshot(
      `"Passed at 2026-11-25T10:02:00.000Z: 1 Node Ready and schedulable. Soaking until 2026-11-25T10:12:00.000Z (10m left)."`,
    );
    const later = { settings: soak, firstPassedAt: T0 + 2 * MINUTE };
    const during = evaluateGate(gateInput(r, 1, joined, { ...later, now: T0 + 11 * MINUTE + 30_000 }));
    expect(during.summary).toMatch(/\(30s left\)\.$/);
    const after = evaluateGate(gateInput(r, 1, joined, { ...later, now: T0 + 12 * MINUTE }));
    expect(after).toMatchObject({ status: "pass", firstPassedAt: T0 + 2 * MINUTE, unmet: [] });
  });

  it("a condition that fails during the soak starts it over", () => {
    const lost = evaluateGate(
      gateInput(r, 1, missing, { settings: soak, firstPassedAt: T0 + 2 * MINUTE, now: T0 + 5 * MINUTE }),
    );
    expect(lost.status).toBe("waiting");
    expect(lost.firstPassedAt).toBeUndefined();
  });

  it("without a soak time, passes at once", () => {
    expect(evaluateGate(gateInput(r, 1, joined)).status).toBe("pass");
  });
});

describe("timeout", () => {
  it("times out at startedAt + the gate kind's timeout, and the rollout holds", () => {
    const before = evaluateGate(gateInput(r, 1, missing, { settings: soak, now: T0 + 30 * MINUTE - 1 }));
    expect(before.status).toBe("waiting");
    const at = evaluateGate(gateInput(r, 1, missing, { settings: soak, now: T0 + 30 * MINUTE }));
    expect(at.status).toBe("timed-out");
    expect(at.summary).toMatchInlineSnapshot(
      `"Timed out after 30m waiting for 1 Node Ready and schedulable: 1 condition unmet. The rollout holds until someone acts."`,
    );
  });

  it("a gate that passes after its timeout still passes: the timeout only ends the waiting", () => {
    expect(evaluateGate(gateInput(r, 1, joined, { now: T0 + 5 * 60 * MINUTE })).status).toBe("pass");
  });

  it("each gate kind has its own timeout from the config, drain and patch adding up in place", () => {
    const s = gateSettings({
      timeoutMinutes: 20,
      drainTimeoutMinutes: 45,
      removalTimeoutMinutes: 5,
      soakMinutes: 3,
    });
    expect(s.timeoutMs).toEqual({
      ready: 20 * MINUTE,
      drained: 45 * MINUTE,
      patched: 65 * MINUTE,
      gone: 5 * MINUTE,
    });
    expect(s.soakMs).toBe(3 * MINUTE);
    expect(gateSettings()).toEqual({
      timeoutMs: { ready: 30 * MINUTE, drained: 30 * MINUTE, patched: 60 * MINUTE, gone: 15 * MINUTE },
      soakMs: 0,
      blockingPodSelectors: [],
    });
  });
});

it("status follows the conditions and the clock, whatever the times", () => {
  fc.assert(
    fc.property(
      fc.boolean(),
      fc.integer({ min: 0, max: 120 }),
      fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      fc.integer({ min: 0, max: 20 }),
      (passing, minutes, passedAfter, soakMinutes) => {
        const now = T0 + minutes * MINUTE;
        const firstPassedAt =
          passedAfter === undefined || passedAfter > minutes ? undefined : T0 + passedAfter * MINUTE;
        const settings = gateSettings({ soakMinutes });
        const verdict = evaluateGate(
          gateInput(r, 1, passing ? joined : missing, {
            settings,
            now,
            ...(firstPassedAt === undefined ? {} : { firstPassedAt }),
          }),
        );
        expect(verdict.unmet.length === 0).toBe(passing);
        if (!passing) {
          expect(verdict.firstPassedAt).toBeUndefined();
          expect(verdict.status).toBe(minutes >= 30 ? "timed-out" : "waiting");
          return;
        }
        const first = firstPassedAt ?? now;
        expect(verdict.firstPassedAt).toBe(first);
        expect(verdict.status).toBe(now >= first + soakMinutes * MINUTE ? "pass" : "soaking");
      },
    ),
  );
});
