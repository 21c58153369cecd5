import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, parseManifest } from "../../src/manifest/index.js";
import type { Manifest } from "../../src/manifest/model.js";
import { type PatchRequest, planRollout, renderPhaseTexts } from "../../src/plan/index.js";
import { manifestArb } from "../manifest/arbitraries.js";

function mustParse(text: string): Manifest {
  const r = parseManifest(text, { file: "machines.yaml" });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.manifest;
}

/**
 * Each machine's two documents, as text: what a reviewer sees of it in the file. A file without a final
 * newline gets one when a machine is appended after its last document, and the file's header comment belongs
 * to whichever document comes first: so line breaks at either end and a leading header are not counted.
 */
function docsByName(m: Manifest): Map<string, string> {
  const text = (i: number) => (m.chunks[i]?.text ?? "").replace(/^(\s*(#[^\n]*)?\n)+|(\r?\n)+$/g, "");
  return new Map(m.machines.map((p) => [p.name, `${text(p.machineChunk)}\u0000${text(p.infraChunk)}`]));
}

const requestArb = fc.record({
  strategy: fc.constantFrom("replace" as const, "in-place" as const),
  role: fc.constantFrom("worker" as const, "all" as const, "control-plane" as const),
  batch: fc.integer({ min: 1, max: 3 }),
  pick: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
});

describe("phase texts over generated manifests (every layout, quoting, comment and line-ending style)", () => {
  it("end in the intended manifest, keep machines outside the request byte-identical, and parse at every step", () => {
    let rendered = 0;
    fc.assert(
      fc.property(manifestArb, requestArb, (gen, req) => {
        const manifest = mustParse(gen.text);
        const names = manifest.machines.filter((_, i) => req.pick[i]).map((m) => m.name);
        const request: PatchRequest = {
          strategy: req.strategy,
          machines: { role: req.role },
          maxSurge: req.batch,
          maxUnavailable: req.batch,
        };
        if (names.length > 0 && req.role === "all") request.machines = { names };
        if (req.strategy === "in-place") request.target = { kernelVersion: "5.4.0" };
        let planned = planRollout({ manifest, request });
        if (!planned.ok && req.strategy === "replace" && planned.refusals[0]?.code === "no-replacements") {
          const count = manifest.machines.filter((m) =>
            names.length > 0 && req.role === "all"
              ? names.includes(m.name)
              : req.role === "all" || m.role === req.role,
          ).length;
          request.replacements = Array.from({ length: count }, (_, i) => ({
            name: `fresh-${i}`,
            privateAddress: `10.200.0.${i + 1}`,
          }));
          planned = planRollout({ manifest, request });
        }
        if (!planned.ok) return;
        const plan = planned.plan;
        const out = renderPhaseTexts(plan, manifest);
        if (!out.ok)
          throw new Error(`phase ${out.phase}: ${out.diagnostics.map(formatDiagnostic).join("\n")}`);
        rendered++;
        expect(out.texts).toHaveLength(plan.phases.length);
        // Batched annotation edits give exactly the bytes of one edit at a time on the whole manifest.
        const reference = renderPhaseTexts(plan, manifest, undefined, { batchAnnotations: false });
        expect(reference.ok && reference.texts).toEqual(out.texts);
        let previous = docsByName(manifest);
        for (const [i, t] of out.texts.entries()) {
          const now = docsByName(mustParse(t.manifest));
          const touched = new Set(plan.phases[i]?.machines);
          for (const [name, text] of previous) {
            if (!touched.has(name)) expect(now.get(name), `phase ${i + 1} changed ${name}`).toBe(text);
          }
          previous = now;
        }
        const final = out.final;
        const selected = new Set(plan.selected);
        const initial = docsByName(manifest);
        const after = docsByName(final);
        for (const [name, text] of initial) if (!selected.has(name)) expect(after.get(name)).toBe(text);
        if (plan.strategy === "in-place") {
          expect(out.texts.at(-1)?.manifest).toBe(gen.text);
        } else {
          const intended = [
            ...manifest.machines.filter((m) => !selected.has(m.name)).map((m) => m.name),
            ...plan.replacements.map((r) => r.name),
          ];
          expect(final.machines.map((m) => m.name).sort()).toEqual([...intended].sort());
          for (const r of plan.replacements) {
            const m = final.machines.find((x) => x.name === r.name);
            expect([m?.role, m?.private.address, m?.taints]).toEqual([r.role, r.privateAddress, []]);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(rendered).toBeGreaterThan(40);
  });
});
