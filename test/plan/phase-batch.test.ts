// Each phase is applied as one batch of manifest edits; these pin what that must not change.
import { describe, expect, it } from "vitest";
import { type Manifest, serializeManifest } from "../../src/manifest/index.js";
import { applyPhase, planRollout, renderPhaseTexts } from "../../src/plan/index.js";
import { clusterSpecs, manifestOf, manifestYaml, parsed } from "./build.js";

function spares(n: number): Manifest {
  const specs = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`spare-${i + 1}`, { address: `10.5.0.${i + 1}` }]),
  );
  return parsed(manifestYaml(specs), "setup/pool.yaml", true);
}

function plan(manifest: Manifest, pool: Manifest) {
  const planned = planRollout({ manifest, pool, request: { strategy: "replace", maxSurge: 4 } });
  if (!planned.ok) throw new Error(planned.refusals.map((r) => r.message).join("\n"));
  return planned.plan;
}

describe("a phase applied as one batch", () => {
  it("gives every phase's manifest and pool text exactly as the edits one at a time do", () => {
    const manifest = manifestOf(clusterSpecs(3, 12));
    const pool = spares(15);
    const p = plan(manifest, pool);
    const batched = renderPhaseTexts(p, manifest, pool);
    const oneByOne = renderPhaseTexts(p, manifest, pool, { batchAnnotations: false });
    if (!batched.ok || !oneByOne.ok) throw new Error("refused");
    expect(batched.texts).toEqual(oneByOne.texts);
    expect(batched.texts.filter((t) => t.pool !== undefined)).toHaveLength(
      p.phases.filter((x) => x.kind === "add").length,
    );
    expect(batched.final.machines).toEqual(oneByOne.final.machines);
    expect(batched.finalPool && serializeManifest(batched.finalPool)).toBe(
      oneByOne.finalPool && serializeManifest(oneByOne.finalPool),
    );
    expect(batched.finalPool?.machines.length).toBe(15 - p.replacements.length);
  });

  it("leaves the pool object alone in phases that take nothing from it", () => {
    const manifest = manifestOf(clusterSpecs(1, 4));
    const pool = spares(4);
    const p = plan(manifest, pool);
    const taint = p.phases.find((x) => x.kind === "taint");
    if (taint === undefined) throw new Error("no taint phase");
    const next = applyPhase(p, taint, { manifest, pool });
    expect(next.ok && next.state.pool).toBe(pool);
  });

  it("reports a machine the plan does not list only once the edits before it are accepted", () => {
    const manifest = manifestOf(clusterSpecs(1, 4));
    const pool = spares(4);
    const p = plan(manifest, pool);
    const add = p.phases.find((x) => x.kind === "add");
    if (add === undefined) throw new Error("no add phase");
    const unlisted = applyPhase(p, { ...add, machines: [...add.machines, "stranger"] }, { manifest, pool });
    expect(unlisted.ok || unlisted.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["plan-mismatch", `phase ${add.index} adds stranger, which the plan does not list`],
    ]);
    // A spare already taken from the pool is refused by the manifest layer first.
    const twice = applyPhase(
      p,
      { ...add, machines: [add.machines[0]!, add.machines[0]!, "stranger"] },
      { manifest, pool },
    );
    expect(twice.ok || twice.diagnostics.map((d) => d.code)).toEqual(["unknown-machine"]);
  });
});
