// applyEdits is the single edits applied one at a time, only faster: same bytes, same pairs, same refusals.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMachine,
  addMachineFromPool,
  applyEdits,
  clearTaints,
  type EditResult,
  type Manifest,
  type ManifestEdit,
  removeMachine,
  serializeManifest,
  setTaints,
  type Taint,
} from "../../src/manifest/index.js";
import { manifestArb, render } from "./arbitraries.js";
import { mustParse } from "./helpers.js";

const taintsArb: fc.Arbitrary<Taint[]> = fc.array(
  fc.record({
    key: fc.constantFrom("node-patch-bot.dev/patching", "example.com/maintenance"),
    value: fc.constantFrom("r1", "rollout-2"),
    effect: fc.constantFrom("NoSchedule" as const, "NoExecute" as const),
  }),
  { maxLength: 2 },
);

/** Edits with names picked later from what the manifest, the pool and earlier adds hold (or a stranger). */
type Op =
  | { kind: "add"; master: boolean; clash: boolean }
  | { kind: "add-from-pool" | "remove" | "clear-taints"; pick: number }
  | { kind: "set-taints"; pick: number; taints: Taint[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("add" as const),
    master: fc.boolean(),
    clash: fc.nat(9).map((n) => n === 0),
  }),
  fc.record({ kind: fc.constant("add-from-pool" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("clear-taints" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("set-taints" as const), pick: fc.nat(), taints: taintsArb }),
);

/** A pool file in its own style, its spares named and addressed apart from the manifest's machines. */
const poolArb = fc.option(
  manifestArb.map((g) => {
    const machines = g.machines.map((m, i) => ({
      ...m,
      name: `spare-${i}`,
      infraName: m.infraName === m.name ? `spare-${i}` : `spare-${i}-infra`,
      address: `10.3.0.${i + 1}`,
    }));
    return render(machines, g.style);
  }),
  { nil: undefined },
);

function toEdits(m: Manifest, pool: Manifest | undefined, ops: readonly Op[]): ManifestEdit[] {
  // Mostly names that exist by then; now and then one that does not (or no longer does).
  const inManifest = [...m.machines.map((p) => p.name), ...ops.map((_, i) => `new-${i}`).slice(0, 2)];
  const inPool = [...(pool?.machines.map((p) => p.name) ?? []), "spare-9"];
  return ops.map((op, i): ManifestEdit => {
    if (op.kind === "add") {
      // A clash reuses an address the manifest already has: the add must be refused.
      const address = op.clash ? (m.machines[0]?.private.address ?? "10.1.0.1") : `10.2.0.${i + 1}`;
      const role = op.master ? "control-plane" : "worker";
      return { kind: "add", machine: { name: `new-${i}`, role, privateAddress: address } };
    }
    const names = op.kind === "add-from-pool" ? inPool : inManifest;
    const name = names[op.pick % names.length]!;
    return op.kind === "set-taints" ? { kind: op.kind, name, taints: op.taints } : { kind: op.kind, name };
  });
}

/** The reference, written out with the single edits. */
function oneByOne(m: Manifest, edits: readonly ManifestEdit[], pool: Manifest | undefined) {
  let manifest = m;
  let spares = pool;
  for (const e of edits) {
    let r: EditResult;
    if (e.kind === "add-from-pool") {
      if (spares === undefined) return { ok: false as const };
      const moved = addMachineFromPool(manifest, spares, e.name);
      if (!moved.ok) return moved;
      spares = moved.pool;
      r = moved;
    } else if (e.kind === "add") r = addMachine(manifest, e.machine);
    else if (e.kind === "remove") r = removeMachine(manifest, e.name);
    else if (e.kind === "set-taints") r = setTaints(manifest, e.name, e.taints);
    else r = clearTaints(manifest, e.name);
    if (!r.ok) return r;
    manifest = r.manifest;
  }
  return { ok: true as const, manifest, pool: spares };
}

describe("applyEdits (property tests over generated manifests and pools)", () => {
  it("gives the bytes, pairs and refusals of the single edits applied one at a time", () => {
    let applied = 0;
    fc.assert(
      fc.property(manifestArb, poolArb, fc.array(opArb, { maxLength: 8 }), (gen, poolText, ops) => {
        const m = mustParse(gen.text);
        const pool = poolText === undefined ? undefined : mustParse(poolText, { pool: true });
        const edits = toEdits(m, pool, ops);
        const batch = applyEdits(m, edits, pool);
        const reference = oneByOne(m, edits, pool);
        expect(batch.ok).toBe(reference.ok);
        if (!batch.ok || !reference.ok) {
          if (!batch.ok && "diagnostics" in reference)
            expect(batch.diagnostics).toEqual(reference.diagnostics);
          return;
        }
        applied++;
        expect(serializeManifest(batch.manifest)).toBe(serializeManifest(reference.manifest));
        expect(batch.manifest.machines).toEqual(reference.manifest.machines);
        expect(batch.manifest.layout).toBe(reference.manifest.layout);
        expect(batch.pool && serializeManifest(batch.pool)).toBe(
          reference.pool && serializeManifest(reference.pool),
        );
      }),
      { numRuns: 400 },
    );
    // Most generated batches are applied, not refused: the equality above is about real results.
    expect(applied).toBeGreaterThan(60);
  });
});
