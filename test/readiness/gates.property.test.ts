// Invariants of the gates over generated disturbances: a gate never passes on hope.
import fc from "fast-check";
import { expect, it } from "vitest";
import type { SnapshotNode } from "../../src/generated/cluster-snapshot.js";
import { evaluateGate, KURED_REBOOT_IN_PROGRESS } from "../../src/readiness/index.js";
import { cluster } from "../plan/build.js";
import { gateInput, healthy, KERNEL, PATCHED_KERNEL, pod, rollout, withNode } from "./fixtures.js";

const r = rollout(cluster(3, 4), {
  strategy: "in-place",
  machines: { role: "worker" },
  maxUnavailable: 2,
  target: { kernelVersion: PATCHED_KERNEL },
});
// Phase 1 taints worker-1 and worker-2 (10.0.0.4, 10.0.0.5); phase 2 untaints them.
const inFlight = ["10.0.0.4", "10.0.0.5"];
const patched = (() => {
  const s = healthy(r.manifests[0] ?? cluster(3, 4));
  return { ...s, nodes: s.nodes.map((n) => ({ ...n, kernelVersion: PATCHED_KERNEL })) };
})();
const tainted = inFlight.reduce(
  (s, address) =>
    withNode(s, address, (n) => ({ ...n, unschedulable: true, cordonedByBot: true, taints: [r.plan.taint] })),
  patched,
);

const disturbances: Record<string, (n: SnapshotNode) => SnapshotNode | undefined> = {
  notReady: (n) => ({ ...n, ready: false }),
  gone: () => undefined,
  oldKernel: (n) => ({ ...n, kernelVersion: KERNEL }),
  rebooting: (n) => ({ ...n, annotations: { [KURED_REBOOT_IN_PROGRESS]: "2026-11-25T10:00:00Z" } }),
  podLeft: (n) => ({ ...n, pods: [pod("shop", "web-9")] }),
  untainted: (n) => ({ ...n, taints: [] }),
};

it("the taint phase's gate never passes while any node in flight is disturbed, and names each disturbed node", () => {
  expect(r.plan.phases[0]).toMatchObject({ kind: "taint", machines: ["worker-1", "worker-2"] });
  expect(evaluateGate(gateInput(r, 1, tainted)).status).toBe("pass");
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(fc.constantFrom(...inFlight), fc.constantFrom(...Object.keys(disturbances))), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.integer({ min: 0, max: 90 }),
      (changes, minutes) => {
        const snapshot = changes.reduce(
          (s, [address, kind]) => withNode(s, address, (n) => disturbances[kind]?.(n)),
          tainted,
        );
        const verdict = evaluateGate(
          gateInput(r, 1, snapshot, { now: gateInput(r, 1, snapshot).startedAt + minutes * 60_000 }),
        );
        expect(["waiting", "timed-out"]).toContain(verdict.status);
        for (const [address] of changes) {
          expect(verdict.unmet.some((u) => u.includes(`(${address})`))).toBe(true);
        }
      },
    ),
  );
});

it("the untaint phase's gate never passes while a node in flight is still tainted or cordoned", () => {
  fc.assert(
    fc.property(
      fc.subarray(inFlight, { minLength: 1 }),
      fc.boolean(),
      fc.boolean(),
      (addresses, keepTaint, personCordon) => {
        let snapshot = patched;
        for (const address of addresses) {
          snapshot = withNode(snapshot, address, (n) => ({
            ...n,
            ...(keepTaint ? { taints: [r.plan.taint] } : {}),
            unschedulable: !keepTaint || personCordon,
            cordonedByBot: !personCordon && !keepTaint,
          }));
        }
        const verdict = evaluateGate(gateInput(r, 2, snapshot));
        expect(verdict.status).not.toBe("pass");
        expect(verdict.status).not.toBe("soaking");
      },
    ),
  );
  expect(evaluateGate(gateInput(r, 2, patched)).status).toBe("pass");
});
