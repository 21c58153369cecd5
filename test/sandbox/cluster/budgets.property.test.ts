import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readyCluster } from "./fixtures.js";

describe("evictions under a PodDisruptionBudget", () => {
  it("never take the Ready pods a budget selects below its desired count, whatever the order and timing", () => {
    const budget = fc.oneof(
      fc.record({
        minAvailable: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom("50%", "100%", "34%")),
      }),
      fc.record({
        maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("0%", "50%", "34%")),
      }),
    );
    const step = fc.oneof(
      fc.record({ evict: fc.nat() }),
      fc.record({ wait: fc.integer({ min: 0, max: 20_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        budget,
        fc.array(step, { maxLength: 25 }),
        (replicas, spec, steps) => {
          const sim = readyCluster();
          sim.addDeployment({ namespace: "shop", name: "api", replicas, labels: { app: "api" } });
          sim.clock.advance(60_000);
          sim.addPdb({ namespace: "shop", name: "api", selector: { matchLabels: { app: "api" } }, ...spec });
          for (const s of steps) {
            const before = sim.pdbs().find((p) => p.metadata.name === "api")!.status;
            if ("wait" in s) sim.clock.advance(s.wait);
            else {
              const pods = sim.pods({ namespace: "shop" }).filter((p) => p.metadata.labels?.app === "api");
              const pod = pods[s.evict % Math.max(1, pods.length)];
              if (pod === undefined) continue;
              const answer = sim.api.evict("shop", pod.metadata.name, null);
              const after = sim.pdbs().find((p) => p.metadata.name === "api")!.status;
              if (answer.code === 201) {
                expect(after.currentHealthy).toBeGreaterThanOrEqual(before.desiredHealthy);
              } else {
                expect(answer.code).toBe(429);
                expect(after.currentHealthy).toBe(before.currentHealthy);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
