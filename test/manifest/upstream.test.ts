import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addMachine,
  clearTaints,
  parseManifest,
  removeMachine,
  serializeManifest,
  setTaints,
} from "../../src/manifest/index.js";
import { mustEdit, mustParse, upstream } from "./helpers.js";

const TAINT = [{ key: "node-patch-bot.dev/patching", value: "rollout-1", effect: "NoSchedule" as const }];

describe("the upstream wksctl manifests", () => {
  it("reads the footloose example (pairs interleaved, a worker between two masters)", () => {
    const m = mustParse(upstream("wksctl-footloose-machines.v1alpha3.yaml"));
    expect(m.layout).toBe("interleaved");
    expect(
      m.machines.map((p) => [p.name, p.role, p.private.address, p.public?.port, p.version, p.clusterName]),
    ).toEqual([
      ["master-1", "control-plane", "172.17.0.2", 2222, "1.18.15", "example"],
      ["worker-1", "worker", "172.17.0.3", 2223, "1.18.15", "example"],
      ["master-2", "control-plane", "172.17.0.4", 2224, "1.18.15", "example"],
    ]);
  });

  it("reads the vagrant example, whose infrastructure objects are named differently from their Machines", () => {
    const m = mustParse(upstream("wksctl-vagrant-machines.v1alpha3.yaml"));
    expect(m.machines.map((p) => [p.name, p.infraName, p.role, p.private])).toEqual([
      ["master-v5n5l", "master-v5n5l-provider", "control-plane", { address: "172.17.8.101", port: 22 }],
      ["worker-tsb5q", "worker-tsb5q-provider", "worker", { address: "172.17.8.102", port: 22 }],
    ]);
  });

  it("warns that the examples lack the cluster-name label the controller needs, but accepts them", () => {
    const r = parseManifest(upstream("wksctl-vagrant-machines.v1alpha3.yaml"), { file: "machines.yaml" });
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map((w) => `${w.line}:${w.col} ${w.code}`)).toEqual([
      "5:5 missing-cluster-label",
      "32:5 missing-cluster-label",
    ]);
  });

  it("detects the legacy List format, explains it and does not read it as machines", () => {
    const r = parseManifest(upstream("wksctl-footloose-machines.legacy-v1alpha1-list.yaml"), {
      file: "machines.yaml",
    });
    expect(r).toMatchObject({ ok: false, legacy: true });
    expect(
      !r.ok && r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}: ${d.message}`),
    ).toMatchInlineSnapshot(`
      [
        "1:1 legacy-format: this is the legacy Machines format (cluster.k8s.io/v1alpha1 Machines with spec.providerSpec in a List or \`items:\`); node-patch-bot reads only the current cluster.x-k8s.io/v1alpha3 Machine + ExistingInfraMachine format",
      ]
    `);
  });

  it("reads the grouped layout (all Machines, then all infrastructure objects) with the same pairs", () => {
    const text = upstream("wksctl-footloose-machines.v1alpha3.yaml");
    const docs = text.split(/^---\n/m);
    const grouped = [docs[0], docs[2], docs[4], docs[1], docs[3], docs[5]].join("---\n");
    const m = mustParse(grouped);
    expect(m.layout).toBe("grouped");
    expect(m.machines.map((p) => `${p.name}@${p.private.address}`)).toEqual(
      mustParse(text).machines.map((p) => `${p.name}@${p.private.address}`),
    );
  });

  for (const file of ["wksctl-footloose-machines.v1alpha3.yaml", "wksctl-vagrant-machines.v1alpha3.yaml"]) {
    describe(file, () => {
      const text = upstream(file);
      const m = mustParse(text);
      const worker = m.machines.find((p) => p.role === "worker")!.name;
      const golden = (edit: string) => `./golden/${file.replace(".v1alpha3.yaml", "")}.${edit}.yaml`;

      it("taint: adds only the annotation lines", async () => {
        const out = serializeManifest(mustEdit(setTaints(m, worker, TAINT)));
        await expect(out).toMatchFileSnapshot(golden("taint"));
      });

      it("untaint: restores the original bytes", () => {
        const tainted = mustEdit(setTaints(m, worker, TAINT));
        expect(serializeManifest(mustEdit(clearTaints(tainted, worker)))).toBe(text);
      });

      it("add: appends a pair after the last one, copying the worker's conventions", async () => {
        const out = serializeManifest(
          mustEdit(addMachine(m, { name: "worker-new", role: "worker", privateAddress: "172.17.9.9" })),
        );
        expect(out.startsWith(text)).toBe(true);
        await expect(out).toMatchFileSnapshot(golden("add"));
      });

      it("add a control-plane machine: copies the master's conventions, with the public endpoint given", async () => {
        const master = m.machines.filter((p) => p.role === "control-plane").at(-1)!;
        const out = serializeManifest(
          mustEdit(
            addMachine(m, {
              name: "master-new",
              role: "control-plane",
              privateAddress: "172.17.9.10",
              publicAddress: "127.0.0.1",
              publicPort: 2299,
            }),
          ),
        );
        expect(out.startsWith(text)).toBe(true);
        await expect(out).toMatchFileSnapshot(golden("add-control-plane"));
        const added = mustParse(out).machines.at(-1)!;
        expect(added).toMatchObject({
          name: "master-new",
          role: "control-plane",
          set: "master",
          clusterName: master.clusterName,
          version: master.version,
          private: { address: "172.17.9.10", port: master.private.port },
          public: { address: "127.0.0.1", port: 2299 },
        });
      });

      it("untaint: the tainted golden, read back from disk, untaints to the upstream bytes", async () => {
        const tainted = readFileSync(join(import.meta.dirname, golden("taint")), "utf8");
        const out = serializeManifest(mustEdit(clearTaints(mustParse(tainted), worker)));
        await expect(out).toMatchFileSnapshot(golden("untaint"));
        expect(out).toBe(text);
      });

      it("remove: deletes both documents of the pair and nothing else", async () => {
        const out = serializeManifest(mustEdit(removeMachine(m, worker)));
        await expect(out).toMatchFileSnapshot(golden("remove"));
        expect(mustParse(out).machines.map((p) => p.name)).toEqual(
          m.machines.filter((p) => p.name !== worker).map((p) => p.name),
        );
      });
    });
  }
});
