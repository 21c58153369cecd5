import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compilePlanValidator,
  type PatchRequest,
  plannerConfig,
  planRollout,
  renderPlanJson,
} from "../../src/plan/index.js";
import { clusterSpecs, manifestYaml, newMachines, parsed } from "./build.js";
import { checkInvariants } from "./invariants.js";

const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
);

const scenario = fc.record({
  masters: fc.integer({ min: 1, max: 5 }),
  workers: fc.integer({ min: 0, max: 24 }),
  zones: fc.integer({ min: 0, max: 3 }),
  otherTaints: fc.boolean(),
  strategy: fc.constantFrom("replace" as const, "in-place" as const),
  role: fc.constantFrom(undefined, "worker" as const, "control-plane" as const, "all" as const),
  maxSurge: fc.option(intOrPercent, { nil: undefined }),
  maxUnavailable: fc.option(intOrPercent, { nil: undefined }),
  fromPool: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

const POOL = parsed(
  manifestYaml(
    Object.fromEntries(newMachines("spare", 30, "10.7").map((n) => [n.name, { address: n.privateAddress }])),
  ),
  "pool.yaml",
  true,
);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const specs = clusterSpecs(s.masters, s.workers, (_, i) => ({
    ...(s.zones > 0 ? { labels: { "topology.kubernetes.io/zone": `z${(i * 7 + s.seed) % s.zones}` } } : {}),
    ...(s.otherTaints && i % 3 === 0
      ? { taints: [{ key: "example.com/other", effect: "NoSchedule" as const }] }
      : {}),
  }));
  const manifest = parsed(manifestYaml(specs));
  const request: PatchRequest = { strategy: s.strategy };
  if (s.role !== undefined) request.machines = { role: s.role };
  if (s.maxSurge !== undefined) request.maxSurge = s.maxSurge;
  if (s.maxUnavailable !== undefined) request.maxUnavailable = s.maxUnavailable;
  if (s.strategy === "in-place") request.target = { kernelVersion: "5.4.0-150-generic" };
  return { manifest, request, pool: POOL };
}

describe("planner invariants over generated manifests and requests", () => {
  it("every plan keeps every rule, or the request is refused with reasons", () => {
    const validate = compilePlanValidator();
    let planned = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const { manifest, request, pool } = build(s);
        const config = { ...plannerConfig(), poolPath: "pool.yaml" };
        let r = planRollout({ manifest, request, pool, config });
        if (r.ok && s.strategy === "replace" && !s.fromPool) {
          // The same rollout with the replacements listed in the request instead of taken from the pool.
          const listed = { ...request, replacements: newMachines("new", r.plan.selected.length, "10.8") };
          r = planRollout({ manifest, request: listed, config });
        }
        if (!r.ok) {
          expect(r.refusals.length).toBeGreaterThan(0);
          for (const x of r.refusals) expect(x.message.length).toBeGreaterThan(10);
          return;
        }
        planned++;
        expect(checkInvariants(r.plan, manifest)).toEqual([]);
        expect(validate(JSON.parse(renderPlanJson(r.plan)))).toBe(true);
      }),
      { numRuns: 300 },
    );
    // The generators must reach plans, not only refusals.
    expect(planned).toBeGreaterThan(100);
  });

  it("is deterministic: the same inputs give the same plan, byte for byte", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = build(s);
        const b = build(s);
        const config = { ...plannerConfig(), poolPath: "pool.yaml" };
        expect(JSON.stringify(planRollout({ ...b, config }))).toBe(
          JSON.stringify(planRollout({ ...a, config })),
        );
      }),
      { numRuns: 50 },
    );
  });

  it("has a checker that notices broken plans", () => {
    const manifest = parsed(manifestYaml(clusterSpecs(1, 3)));
    const r = planRollout({
      manifest,
      request: { strategy: "replace", maxSurge: 1, replacements: newMachines("n", 3) },
    });
    if (!r.ok) throw new Error("refused");
    const [add, taint, remove, ...rest] = r.plan.phases;
    if (!add || !taint || !remove) throw new Error("short plan");
    const swapped = { ...r.plan, phases: [add, remove, taint, ...rest] };
    expect(checkInvariants(swapped, manifest)).toContain(
      "phase 3 (remove) removes worker-1 before tainting it",
    );
    const merged = {
      ...r.plan,
      phases: [add, { ...taint, machines: ["worker-1", "worker-2"] }, remove, ...rest],
    };
    expect(checkInvariants(merged, manifest)).toContain(
      "phase 2 (taint): schedulable workers below initial - maxUnavailable",
    );
  });

  it("refuses exactly when the control plane cannot keep quorum in place", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), (masters) => {
        const manifest = parsed(manifestYaml(clusterSpecs(masters, 1)));
        const r = planRollout({
          manifest,
          request: { strategy: "in-place", machines: { role: "control-plane" }, target: { osImage: "x" } },
        });
        expect(r.ok).toBe(masters >= 3);
      }),
    );
  });
});
