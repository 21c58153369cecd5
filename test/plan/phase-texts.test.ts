import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, parseManifest } from "../../src/manifest/index.js";
import type { Manifest } from "../../src/manifest/model.js";
import type { PatchRequest, PlanInput } from "../../src/plan/index.js";
import { planRollout, renderPhaseTexts } from "../../src/plan/index.js";
import { manifestYaml, parsed } from "./build.js";

const UPSTREAM = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "upstream");
const upstream = (name: string) => readFileSync(join(UPSTREAM, name), "utf8");

function mustParse(text: string, file = "machines.yaml", pool = false): Manifest {
  const r = parseManifest(text, { file, pool });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.manifest;
}

function texts(input: PlanInput) {
  const planned = planRollout(input);
  if (!planned.ok) throw new Error(planned.refusals.map((r) => r.message).join("\n"));
  const rendered = renderPhaseTexts(planned.plan, input.manifest, input.pool);
  if (!rendered.ok) throw new Error(rendered.diagnostics.map(formatDiagnostic).join("\n"));
  return { plan: planned.plan, ...rendered };
}

/** Lines present in `b` but not in `a`, and the reverse: enough to read what a phase changed. */
function changed(a: string, b: string): { added: string[]; removed: string[] } {
  const count = (s: string) =>
    s.split("\n").reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const diff = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].flatMap(([l, n]) => Array<string>(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { added: diff(cb, ca), removed: diff(ca, cb) };
}

describe("phase texts on the upstream footloose manifest", () => {
  const original = upstream("wksctl-footloose-machines.v1alpha3.yaml");
  const manifest = mustParse(original);
  const request: PatchRequest = {
    strategy: "replace",
    replacements: [
      { name: "worker-2", privateAddress: "172.17.0.5", publicPort: 2225, publicAddress: "127.0.0.1" },
    ],
  };

  it("adds, taints and removes with minimal diffs", () => {
    const { texts: t, plan } = texts({ manifest, request, rolloutId: "r1" });
    expect(plan.phases.map((p) => p.kind)).toEqual(["add", "taint", "remove"]);
    const [add, taint, remove] = t.map((x) => x.manifest);
    expect(add?.startsWith(original)).toBe(true);
    expect(changed(add ?? "", taint ?? "")).toEqual({
      added: [
        "  annotations:",
        '    node-patch-bot.dev/taints: \'[{"key":"node-patch-bot.dev/patching","value":"r1","effect":"NoSchedule"}]\'',
      ],
      removed: [],
    });
    expect(remove).not.toContain("name: worker-1\n");
    expect(mustParse(remove ?? "").machines.map((m) => [m.name, m.role, m.private.address])).toEqual([
      ["master-1", "control-plane", "172.17.0.2"],
      ["master-2", "control-plane", "172.17.0.4"],
      ["worker-2", "worker", "172.17.0.5"],
    ]);
  });

  it("in place, leaves the file byte-identical once every phase is merged", () => {
    const { texts: t } = texts({
      manifest,
      request: { strategy: "in-place", maxUnavailable: 1, target: { kernelVersion: "5.4.0" } },
    });
    expect(t).toHaveLength(2);
    expect(t[0]?.manifest).not.toBe(original);
    expect(t[1]?.manifest).toBe(original);
  });
});

describe("phase texts with a pool of spares", () => {
  it("moves each spare from the pool into the manifest in the add phase's commit", () => {
    const manifest = parsed(
      manifestYaml({ "master-1": { role: "control-plane" }, "worker-1": {}, "worker-2": {} }),
    );
    const poolText = manifestYaml({ "spare-1": { address: "10.5.0.1" }, "spare-2": { address: "10.5.0.2" } });
    const pool = parsed(poolText, "setup/pool.yaml", true);
    const {
      texts: t,
      finalPool,
      final,
    } = texts({ manifest, pool, request: { strategy: "replace", maxSurge: 2 } });
    expect(t.map((x) => x.pool !== undefined)).toEqual([true, false, false]);
    expect(t[0]?.pool).toBe("");
    expect(finalPool?.machines).toEqual([]);
    expect(final.machines.map((m) => m.name)).toEqual(["master-1", "spare-1", "spare-2"]);
  });
});

describe("phase texts on the upstream vagrant manifest", () => {
  it("replaces a master, following the -provider naming of its infrastructure objects", () => {
    const manifest = mustParse(upstream("wksctl-vagrant-machines.v1alpha3.yaml"));
    const first = manifest.machines.find((m) => m.role === "control-plane");
    const { final } = texts({
      manifest,
      request: {
        strategy: "replace",
        machines: { names: [first?.name ?? ""] },
        replacements: [{ name: "master-new", privateAddress: "192.168.99.99" }],
      },
    });
    const added = final.machines.find((m) => m.name === "master-new");
    expect([added?.role, added?.infraName]).toEqual(["control-plane", "master-new-provider"]);
    expect(final.machines.some((m) => m.name === first?.name)).toBe(false);
  });
});
