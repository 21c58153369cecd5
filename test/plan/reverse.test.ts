import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Manifest } from "../../src/manifest/model.js";
import {
  applyPhase,
  minAvailableMasters,
  type PatchRequest,
  type Plan,
  planRollout,
} from "../../src/plan/index.js";
import { reversePhases } from "../../src/plan/reverse.js";
import { cluster, newMachines } from "./build.js";

function plan(manifest: Manifest, request: PatchRequest): Plan {
  const planned = planRollout({ manifest, request });
  if (!planned.ok) throw new Error(planned.refusals.map((r) => r.message).join("\n"));
  return planned.plan;
}

const replace: PatchRequest = {
  strategy: "replace",
  machines: { role: "worker" },
  maxSurge: 1,
  replacements: newMachines("new", 2),
};
const inPlace: PatchRequest = {
  strategy: "in-place",
  machines: { role: "worker" },
  maxUnavailable: 1,
  target: { kernelVersion: "5.4.0-150-generic" },
};

describe("the phases that roll back a merged phase", () => {
  it("undo an add by tainting and draining the new machines, then removing them", () => {
    const p = plan(cluster(3, 2), replace);
    expect(p.phases.map((x) => `${x.index} ${x.kind} ${x.machines.join(",")}`).slice(0, 2)).toEqual([
      "1 add new-1",
      "2 taint worker-1",
    ]);
    const reverse = reversePhases(p, 1);
    if (!reverse.ok) throw new Error(reverse.reason);
    expect(
      reverse.phases.map((x) => ({
        index: x.index,
        kind: x.kind,
        title: x.title,
        gate: x.gate.kind,
        branch: x.branch,
        reverts: x.reverts,
        workers: x.capacity.worker,
      })),
    ).toMatchInlineSnapshot(`
      [
        {
          "branch": "node-patch/${p.id}/rollback-2-taint",
          "gate": "drained",
          "index": 2,
          "kind": "taint",
          "reverts": 1,
          "title": "Taint and drain new-1 (rolls back phase 1)",
          "workers": {
            "available": 2,
            "total": 3,
          },
        },
        {
          "branch": "node-patch/${p.id}/rollback-3-remove",
          "gate": "gone",
          "index": 3,
          "kind": "remove",
          "reverts": 1,
          "title": "Remove new-1 (rolls back phase 1)",
          "workers": {
            "available": 2,
            "total": 2,
          },
        },
      ]
    `);
    expect(reverse.phases[1]?.commitMessage).toMatchInlineSnapshot(`
      "Remove new-1 (rolls back phase 1)

      Phase 3 of 3, wave 1, rollout ${p.id}: remove new-1
      "
    `);
  });

  it("undo a taint by an untaint, and an untaint by a taint that only drains", () => {
    const p = plan(cluster(3, 2), inPlace);
    const kinds = p.phases.map((x) => x.kind);
    const untaint = reversePhases(p, kinds.indexOf("taint") + 1);
    const taint = reversePhases(p, kinds.indexOf("untaint") + 1);
    if (!untaint.ok || !taint.ok) throw new Error("refused");
    expect(untaint.phases.map((x) => [x.kind, x.gate.description])).toEqual([
      ["untaint", "1 Node Ready, schedulable and without the bot's taint"],
    ]);
    expect(taint.phases.map((x) => [x.kind, x.gate.kind, x.gate.target])).toEqual([
      ["taint", "drained", undefined],
    ]);
  });

  it("refuses to undo a removal, and to undo a rollback", () => {
    const p = plan(cluster(3, 2), replace);
    const remove = p.phases.find((x) => x.kind === "remove")!;
    expect(reversePhases(p, remove.index)).toEqual({
      ok: false,
      reason: `phase ${remove.index} removed worker-1 from the manifest, and a removed machine cannot be brought back by a rollback. Add it again with a new patch request, or \`/patch retry\` to go on.`,
    });
    const reverse = reversePhases(p, 1);
    if (!reverse.ok) throw new Error(reverse.reason);
    const turned = { ...p, phases: [p.phases[0]!, ...reverse.phases] };
    expect(reversePhases(turned, 2)).toEqual({
      ok: false,
      reason: "phase 2 is itself a rollback of phase 1",
    });
  });
});

/** Available (Ready capacity the bot counts) and total machines per role, read from a manifest. */
function counts(m: Manifest, taintKey: string) {
  const of = (role: "control-plane" | "worker") => {
    const mine = m.machines.filter((x) => x.role === role);
    return {
      total: mine.length,
      available: mine.filter((x) => !x.taints.some((t) => t.key === taintKey)).length,
    };
  };
  return { cp: of("control-plane"), worker: of("worker") };
}

describe("a rollback after any merged phase (property)", () => {
  it("touches only the rolled-back phase's machines, removes only tainted machines, keeps capacity and quorum above the plan's floor, and restores the machines' taints", () => {
    const arb = fc.record({
      masters: fc.constantFrom(1, 3),
      workers: fc.integer({ min: 1, max: 5 }),
      strategy: fc.constantFrom("replace" as const, "in-place" as const),
      role: fc.constantFrom("worker" as const, "all" as const),
      batch: fc.integer({ min: 1, max: 2 }),
      at: fc.nat(),
    });
    let checked = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const manifest = cluster(g.masters, g.workers);
        const selected = manifest.machines.filter((m) => g.role === "all" || m.role === g.role).length;
        const request: PatchRequest =
          g.strategy === "replace"
            ? {
                strategy: "replace",
                machines: { role: g.role },
                maxSurge: g.batch,
                replacements: [
                  ...newMachines("new-cp", g.role === "all" ? g.masters : 0, "10.8").map((r) => ({
                    ...r,
                    role: "control-plane" as const,
                  })),
                  ...newMachines("new", g.workers),
                ],
              }
            : {
                strategy: "in-place",
                machines: { role: g.role },
                maxUnavailable: g.batch,
                target: { kernelVersion: "5.4.1" },
              };
        const planned = planRollout({ manifest, request });
        if (!planned.ok || selected === 0) return;
        const p = planned.plan;
        const of = (g.at % p.phases.length) + 1;
        // Replay the forward phases up to `of`, remembering every state's capacity.
        let state = { manifest, pool: undefined as Manifest | undefined };
        const floor = counts(manifest, p.taint.key);
        let beforeOf = manifest;
        for (const phase of p.phases.slice(0, of)) {
          if (phase.index === of) beforeOf = state.manifest;
          const next = applyPhase(p, phase, state);
          if (!next.ok) throw new Error(next.diagnostics[0]?.message);
          state = next.state;
          const c = counts(state.manifest, p.taint.key);
          floor.worker.available = Math.min(floor.worker.available, c.worker.available);
          floor.cp.available = Math.min(floor.cp.available, c.cp.available);
        }
        const reverse = reversePhases(p, of);
        const undone = p.phases[of - 1]!;
        if (!reverse.ok) {
          expect(undone.kind).toBe("remove");
          return;
        }
        const touched = new Set(undone.machines);
        for (const phase of reverse.phases) {
          const before = state.manifest;
          expect(phase.machines.every((m) => touched.has(m))).toBe(true);
          if (phase.kind === "remove")
            for (const name of phase.machines)
              expect(
                before.machines.find((m) => m.name === name)?.taints.some((t) => t.key === p.taint.key),
              ).toBe(true);
          const next = applyPhase(
            { ...p, phases: [...p.phases.slice(0, of), ...reverse.phases] },
            phase,
            state,
          );
          if (!next.ok) throw new Error(next.diagnostics[0]?.message);
          state = next.state;
          const c = counts(state.manifest, p.taint.key);
          expect(c.worker.available).toBeGreaterThanOrEqual(floor.worker.available);
          expect(c.cp.available).toBeGreaterThanOrEqual(floor.cp.available);
          expect(c.cp.available).toBeGreaterThanOrEqual(minAvailableMasters(c.cp.total, p.strategy));
          expect({ total: c.worker.total, available: c.worker.available }).toEqual(phase.capacity.worker);
          // Machines outside the rolled-back phase keep their bytes.
          for (const m of state.manifest.machines)
            if (!touched.has(m.name)) {
              const old = before.machines.find((x) => x.name === m.name)!;
              expect(state.manifest.chunks[m.machineChunk]?.text).toBe(before.chunks[old.machineChunk]?.text);
            }
        }
        // The machines are as they were before the rolled-back phase: same set, same taints.
        const taintsOf = (m: Manifest) => new Map(m.machines.map((x) => [x.name, JSON.stringify(x.taints)]));
        expect(taintsOf(state.manifest)).toEqual(taintsOf(beforeOf));
        checked++;
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
