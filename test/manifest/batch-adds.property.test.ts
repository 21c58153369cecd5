// Batches of adds reuse the documents they wrote as the next adds' templates (on text when only values
// change): the bytes, pairs and refusals stay those of addMachine applied one at a time, whatever the new
// machines carry (labels, ports, public endpoints, infrastructure names, values that need quotes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { templateDocument } from "../../src/manifest/edit-text.js";
import {
  addMachine,
  applyEdits,
  type Manifest,
  type ManifestEdit,
  type NewMachine,
  serializeManifest,
} from "../../src/manifest/index.js";
import { DEFAULT_LIMITS } from "../../src/manifest/limits.js";
import { newPairDocuments } from "../../src/manifest/new-pair.js";
import { readChunk } from "../../src/manifest/read-chunk.js";
import { type Kept, readsBackUnchanged } from "../../src/manifest/template-cache.js";
import { writeBySlots } from "../../src/manifest/template-slots.js";
import { manifestArb } from "./arbitraries.js";
import { mustParse } from "./helpers.js";

const valueArb = fc.constantFrom("a", "zone-1", "true", "123", "x y", "1.5", "it's", "");

const newMachineArb = fc.record(
  {
    master: fc.boolean(),
    labels: fc.dictionary(fc.constantFrom("zone", "set", "rack"), valueArb, { maxKeys: 2 }),
    infraName: fc.constantFrom(undefined, "custom-infra"),
    privatePort: fc.constantFrom(undefined, 22, 2222),
    publicAddress: fc.constantFrom(undefined, "192.0.2.7", "null"),
    publicPort: fc.constantFrom(undefined, 2200),
    nameStyle: fc.constantFrom("plain", "number"),
  },
  { requiredKeys: ["master", "nameStyle"] },
);

type Gen = typeof newMachineArb extends fc.Arbitrary<infer T> ? T : never;

function toMachine(g: Gen, i: number): NewMachine {
  const n: NewMachine = {
    name: g.nameStyle === "number" ? `${100 + i}` : `new-${i}`,
    role: g.master ? "control-plane" : "worker",
    privateAddress: `10.2.0.${i + 1}`,
  };
  if (g.labels !== undefined) n.labels = g.labels;
  if (g.infraName !== undefined) n.infraName = `${g.infraName}-${i}`;
  if (g.privatePort !== undefined) n.privatePort = g.privatePort;
  if (g.publicAddress !== undefined) n.publicAddress = g.publicAddress;
  if (g.publicPort !== undefined) n.publicPort = g.publicPort;
  return n;
}

function oneByOne(m: Manifest, machines: readonly NewMachine[]) {
  let manifest = m;
  for (const machine of machines) {
    const r = addMachine(manifest, machine);
    if (!r.ok) return r;
    manifest = r.manifest;
  }
  return { ok: true as const, manifest };
}

describe("batches of adds", () => {
  it("give the bytes, pairs and refusals of addMachine one at a time", () => {
    let applied = 0;
    fc.assert(
      fc.property(
        manifestArb,
        fc.array(newMachineArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (gen, specs, same) => {
          const m = mustParse(gen.text);
          // Runs of alike machines are what rollouts add (and what the text path serves).
          const first = specs[0]!;
          const machines = specs.map((s, i) => toMachine(same ? first : s, i));
          const edits = machines.map((machine): ManifestEdit => ({ kind: "add", machine }));
          const batch = applyEdits(m, edits);
          const reference = oneByOne(m, machines);
          expect(batch.ok).toBe(reference.ok);
          if (!batch.ok || !reference.ok) {
            if (!batch.ok && !reference.ok) expect(batch.diagnostics).toEqual(reference.diagnostics);
            return;
          }
          applied++;
          expect(serializeManifest(batch.manifest)).toBe(serializeManifest(reference.manifest));
          expect(batch.manifest.machines).toEqual(reference.manifest.machines);
          expect(batch.manifest.chunks.map((c) => c.doc)).toEqual(
            reference.manifest.chunks.map((c) => c.doc),
          );
        },
      ),
      { numRuns: 300 },
    );
    expect(applied).toBeGreaterThan(50);
  });
});

describe("a pair the batch wrote with its own set label", () => {
  it("is the next worker's template, label and all, as it is one add at a time", () => {
    // Found by the property above: the template document's label was a bare value, not a scalar node.
    const m = mustParse(TWO_MACHINES);
    const machines: NewMachine[] = [
      { name: "new-0", role: "worker", privateAddress: "10.2.0.1", labels: { set: "a" } },
      { name: "new-1", role: "worker", privateAddress: "10.2.0.2" },
    ];
    const batch = applyEdits(
      m,
      machines.map((machine) => ({ kind: "add" as const, machine })),
    );
    const reference = oneByOne(m, machines);
    if (!batch.ok || !reference.ok) throw new Error("both add the pairs");
    expect(batch.manifest.machines.map((p) => [p.name, p.set])).toEqual([
      ["node-0", "master"],
      ["node-1", undefined],
      ["new-0", "a"],
      ["new-1", "a"],
    ]);
    expect(serializeManifest(batch.manifest)).toBe(serializeManifest(reference.manifest));
  });
});

const TWO_MACHINES = [
  "apiVersion: cluster.x-k8s.io/v1alpha3",
  "kind: Machine",
  "metadata:",
  "  name: node-0",
  "  labels:",
  "    set: master",
  "    cluster.x-k8s.io/cluster-name: prod",
  "spec:",
  "  bootstrap: {}",
  "  infrastructureRef:",
  "    apiVersion: cluster.weave.works/v1alpha3",
  "    kind: ExistingInfraMachine",
  "    name: node-0",
  "---",
  "apiVersion: cluster.weave.works/v1alpha3",
  "kind: ExistingInfraMachine",
  "metadata:",
  "  name: node-0",
  "spec:",
  "  private:",
  "    address: 10.1.0.1",
  "---",
  "apiVersion: cluster.x-k8s.io/v1alpha3",
  "kind: Machine",
  "metadata:",
  "  name: node-1",
  "  labels:",
  "    cluster.x-k8s.io/cluster-name: prod",
  "spec:",
  "  bootstrap: {}",
  "  infrastructureRef:",
  "    apiVersion: cluster.weave.works/v1alpha3",
  "    kind: ExistingInfraMachine",
  "    name: node-1",
  "---",
  "apiVersion: cluster.weave.works/v1alpha3",
  "kind: ExistingInfraMachine",
  "metadata:",
  "  name: node-1",
  "spec:",
  "  private:",
  "    address: 10.1.0.2",
  "",
].join("\n");

describe("a document the batch wrote", () => {
  const ctx = {
    file: "m.yaml",
    startLine: 1,
    taintAnnotation: "node-patch-bot.dev/taints",
    limits: DEFAULT_LIMITS,
  };
  const base = mustParse(
    [
      "apiVersion: cluster.x-k8s.io/v1alpha3",
      "kind: Machine",
      "metadata:",
      "  labels: # roles",
      '    set: "master"',
      "    zone: 'z1'",
      "  name: m-0",
      "spec:",
      "  clusterName: prod",
      "  bootstrap: {}",
      "  version: 1.19.7",
      "  infrastructureRef:",
      "    apiVersion: cluster.weave.works/v1alpha3",
      "    kind: ExistingInfraMachine",
      "    name: m-0",
      "---",
      "apiVersion: cluster.weave.works/v1alpha3",
      "kind: ExistingInfraMachine",
      "metadata:",
      "  name: m-0",
      "spec:",
      "  private:",
      "    address: 10.0.0.1",
      "    port: 22",
      "",
    ].join("\n"),
  );
  const pair = base.machines[0]!;
  const machine: NewMachine = { name: "m-1", role: "control-plane", privateAddress: "10.0.0.2" };
  const docs = newPairDocuments(pair, base.chunks[0]!.text, base.chunks[1]!.text, machine);
  const kept = (doc: typeof docs.machine): Kept => ({
    body: String(doc),
    value: doc.toJS() as Record<string, unknown>,
  });

  it("reads back unchanged: its text parses to the same values and writes to the same text", () => {
    for (const doc of [docs.machine, docs.infra]) {
      expect(readsBackUnchanged(doc)).toBe(true);
      const again = templateDocument(String(doc));
      expect(again.toJS()).toEqual(doc.toJS());
      expect(String(again)).toBe(String(doc));
    }
  });

  it("is the template of the next add on text: quotes kept, the same bytes and values as the document gives", () => {
    expect(String(docs.machine)).toContain('set: "master"');
    const next = readChunk(`---\n${String(docs.machine)}`, 0, ctx).chunk;
    const nextInfra = readChunk(`---\n${String(docs.infra)}`, 0, ctx).chunk;
    const template = mustParse(`${next.text}${nextInfra.text}`).machines[0]!;
    const second: NewMachine = {
      ...machine,
      name: "m-2",
      privateAddress: "10.0.0.3",
      labels: { zone: "z2" },
    };
    const bySlots = writeBySlots(template, kept(docs.machine), kept(docs.infra), second);
    const byDocument = newPairDocuments(template, next.text, nextInfra.text, second);
    expect(bySlots?.machine.body).toBe(String(byDocument.machine));
    expect(bySlots?.infra.body).toBe(String(byDocument.infra));
    expect(bySlots?.machine.value).toEqual(byDocument.machine.toJS());
    expect(bySlots?.infra.value).toEqual(byDocument.infra.toJS());
  });

  it("leaves adds that change more than values to the document", () => {
    const template = pair;
    const cases: NewMachine[] = [
      { ...machine, labels: { rack: "r1" } }, // a new key
      { ...machine, labels: { zone: "true" } }, // a value that needs quotes to stay a string
      { ...machine, publicAddress: "192.0.2.1" }, // a new mapping
      { ...machine, name: "m 1" }, // a space
    ];
    // A long flow mapping is written over several lines, which the line scan does not read.
    const flow = String(docs.machine).replace(
      /infrastructureRef:\n.*\n.*\n.*\n/,
      "infrastructureRef:\n    {\n      apiVersion: cluster.weave.works/v1alpha3,\n      name: m-1\n    }\n",
    );
    expect(
      writeBySlots(template, { ...kept(docs.machine), body: flow }, kept(docs.infra), machine),
    ).toBeUndefined();
    for (const c of cases)
      expect(writeBySlots(template, kept(docs.machine), kept(docs.infra), c), c.name).toBeUndefined();
  });

  it("is not kept when parsing its text would change it (comments, anchors, block scalars, nulls)", () => {
    for (const text of [
      "a: &x b\nc: *x\n",
      "a: |\n  b\n",
      "a:\n",
      "a: [b]\n",
      "a: !!str b\n",
      "a: 'x y'\n",
      "a: 0x1f\n",
      "a: 1.5\n",
    ]) {
      expect(readsBackUnchanged(templateDocument(text)), text).toBe(false);
    }
    expect(readsBackUnchanged(templateDocument("a: b\nc: 'd'\ne: 12\nf: {}\ng: true\n"))).toBe(true);
    // Values set on the document without a node are checked as the writer will write them.
    const set = templateDocument("a: b\n");
    set.setIn(["c"], "123");
    expect(readsBackUnchanged(set)).toBe(false);
    set.setIn(["c"], "x-1");
    expect(readsBackUnchanged(set)).toBe(true);
  });
});
