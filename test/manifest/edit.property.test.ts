// Properties of the minimal-diff edits over generated manifests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMachine,
  clearTaints,
  type Manifest,
  type NewMachine,
  removeMachine,
  serializeManifest,
  setTaints,
  type Taint,
} from "../../src/manifest/index.js";
import { genMachine, manifestArb, PLAIN_STYLE, render } from "./arbitraries.js";
import { mustEdit, mustParse } from "./helpers.js";
import { addModel, declared, type PairView, removeModel, taintModel, viewOf } from "./model-view.js";

const taintArb: fc.Arbitrary<Taint[]> = fc.array(
  fc.record({
    key: fc.constantFrom("node-patch-bot.dev/patching", "example.com/maintenance"),
    value: fc.constantFrom("r1", "rollout-2"),
    effect: fc.constantFrom("NoSchedule" as const, "NoExecute" as const),
  }),
  { minLength: 1, maxLength: 2 },
);

type Op =
  | { kind: "taint"; index: number; taints: Taint[] }
  | { kind: "untaint"; index: number }
  | { kind: "add"; master: boolean; public: "none" | "address" | "port"; zone: boolean }
  | { kind: "remove"; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("taint" as const), index: fc.nat(), taints: taintArb }),
  fc.record({ kind: fc.constant("untaint" as const), index: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    master: fc.boolean(),
    public: fc.constantFrom("none" as const, "address" as const, "port" as const),
    zone: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("remove" as const), index: fc.nat() }),
);

function newMachine(op: Extract<Op, { kind: "add" }>, serial: number): NewMachine {
  const machine: NewMachine = {
    name: `new-${serial}`,
    role: op.master ? "control-plane" : "worker",
    privateAddress: `10.2.0.${serial}`,
  };
  if (op.public !== "none") machine.publicAddress = "192.0.2.200";
  if (op.public === "port") machine.publicPort = 2300 + serial;
  if (op.zone) machine.labels = { "topology.kubernetes.io/zone": "zone-c" };
  return machine;
}

/** The edit on the model, and the same edit on the manifest; undefined when the edit must be refused. */
function apply(m: Manifest, model: PairView[], op: Op, serial: number): [Manifest, PairView[]] | undefined {
  const pick = model[("index" in op ? op.index : 0) % model.length]!;
  switch (op.kind) {
    case "taint":
      return [mustEdit(setTaints(m, pick.name, op.taints)), taintModel(model, pick.name, op.taints)];
    case "untaint":
      return [mustEdit(clearTaints(m, pick.name)), taintModel(model, pick.name, [])];
    case "add": {
      const machine = newMachine(op, serial);
      return [mustEdit(addMachine(m, machine)), addModel(model, machine)];
    }
    case "remove": {
      const rest = removeModel(model, pick.name);
      const r = removeMachine(m, pick.name);
      if (!rest.some((x) => x.role === "control-plane")) {
        // Removing the last control-plane machine is refused, changing nothing.
        expect(r.ok).toBe(false);
        return undefined;
      }
      return [mustEdit(r), rest];
    }
  }
}

describe("minimal-diff edits (property tests)", () => {
  it("parse(edit(m)) equals the edit applied to the whole model, for any sequence of edits", () => {
    fc.assert(
      fc.property(manifestArb, fc.array(opArb, { minLength: 1, maxLength: 6 }), (gen, ops) => {
        let m = mustParse(gen.text);
        // The parser reads what the generator declared, field for field.
        let model = declared(gen);
        expect(viewOf(m)).toEqual(model);
        ops.forEach((op, i) => {
          const next = apply(m, model, op, i + 1);
          if (next === undefined) return;
          [m, model] = next;
          // Both the edit's own model and the text read back from scratch equal the model edit.
          expect(viewOf(m)).toEqual(model);
          expect(viewOf(mustParse(serializeManifest(m)))).toEqual(model);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("documents an edit does not touch stay byte-identical, in order", () => {
    fc.assert(
      fc.property(manifestArb, opArb, (gen, op) => {
        const m = mustParse(gen.text);
        const next = apply(m, viewOf(m), op, 1);
        if (next === undefined) return;
        const after = next[0].chunks.map((c) => c.text);
        const pick = m.machines[("index" in op ? op.index : 0) % m.machines.length]!;
        const touched =
          op.kind === "add"
            ? []
            : op.kind === "remove"
              ? [pick.machineChunk, pick.infraChunk]
              : [pick.machineChunk];
        const untouched = m.chunks.filter((_, i) => !touched.includes(i)).map((c) => c.text);
        // Untouched chunks appear in the result unchanged and in the same order.
        let j = 0;
        for (const text of after) if (text === untouched[j]) j++;
        expect(j).toBe(untouched.length);
      }),
      { numRuns: 200 },
    );
  });

  it("add then remove restores the original bytes", () => {
    fc.assert(
      fc.property(manifestArb, fc.boolean(), (gen, master) => {
        const m = mustParse(gen.text);
        const added = mustEdit(
          addMachine(m, {
            name: "spare-1",
            role: master ? "control-plane" : "worker",
            privateAddress: "10.9.9.9",
          }),
        );
        expect(serializeManifest(mustEdit(removeMachine(added, "spare-1")))).toBe(gen.text);
      }),
      { numRuns: 200 },
    );
  });

  it("taint then untaint restores the original bytes", () => {
    fc.assert(
      fc.property(manifestArb, fc.nat(), taintArb, (gen, index, taints) => {
        const m = mustParse(gen.text);
        const name = m.machines[index % m.machines.length]!.name;
        const tainted = mustEdit(setTaints(m, name, taints));
        expect(serializeManifest(mustEdit(clearTaints(tainted, name)))).toBe(gen.text);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the manifest's line endings in the lines it writes", () => {
    fc.assert(
      fc.property(manifestArb, (gen) => {
        const m = mustParse(gen.text);
        const out = serializeManifest(
          mustEdit(
            addMachine(mustEdit(setTaints(m, m.machines[0]!.name, [{ key: "a", effect: "NoSchedule" }])), {
              name: "x-1",
              role: "worker",
              privateAddress: "10.9.0.1",
            }),
          ),
        );
        const lone = out.replace(/\r\n/g, "").includes("\n");
        expect(lone).toBe(gen.style.eol === "\n");
      }),
      { numRuns: 100 },
    );
  });
});

describe("edits are refused exactly when the result would be invalid", () => {
  it("an added pair is refused iff its name, infrastructure name or private address is taken", () => {
    fc.assert(
      fc.property(
        manifestArb,
        fc.nat(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (gen, index, takeName, takeAddress, master) => {
          const m = mustParse(gen.text);
          const other = m.machines[index % m.machines.length]!;
          const name = takeName ? other.name : "fresh-1";
          const privateAddress = takeAddress ? other.private.address : "10.99.0.1";
          const r = addMachine(m, { name, role: master ? "control-plane" : "worker", privateAddress });
          const infraTaken = m.machines.some((p) => p.infraName === name || p.infraName === `${name}-infra`);
          expect(r.ok).toBe(!(takeName || takeAddress || infraTaken));
          if (!r.ok)
            expect(r.diagnostics.map((d) => d.code)).toEqual(
              expect.arrayContaining([takeAddress ? "duplicate-address" : "duplicate-name"]),
            );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("removing the last control-plane machine is refused with the upstream rule", () => {
    const m = mustParse(
      render(
        [
          genMachine({ name: "cp", infraName: "cp", master: true, address: "10.0.0.1" }),
          genMachine({ name: "w", infraName: "w", master: false, address: "10.0.0.2" }),
        ],
        PLAIN_STYLE,
      ),
    );
    const r = removeMachine(m, "cp");
    expect(!r.ok && r.diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual([
      "no-master metadata.labels.set",
    ]);
  });
});
