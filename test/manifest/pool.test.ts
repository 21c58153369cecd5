import { describe, expect, it } from "vitest";
import { addMachineFromPool, parseManifest, serializeManifest } from "../../src/manifest/index.js";
import { mustParse, upstream } from "./helpers.js";

const POOL = `# Provisioned spares, moved into machines.yaml by node-patch-bot
apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: worker
  name: spare-1 # rack 4
spec:
  clusterName: example
  bootstrap: {}
  version: 1.18.15
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: spare-1
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: spare-1
spec:
  private:
    address: 172.17.0.10
    port: 22
`;

describe("a pool of provisioned spares", () => {
  it("may hold only workers, or nothing", () => {
    expect(parseManifest(POOL, { file: "pool.yaml", pool: true }).ok).toBe(true);
    expect(parseManifest("# empty pool\n", { file: "pool.yaml", pool: true }).ok).toBe(true);
  });

  it("moves a spare into the manifest verbatim, and out of the pool, in one edit", () => {
    const text = upstream("wksctl-footloose-machines.v1alpha3.yaml");
    const r = addMachineFromPool(mustParse(text), mustParse(POOL, { pool: true }), "spare-1");
    if (!r.ok) throw new Error(r.diagnostics[0]?.message);
    const out = serializeManifest(r.manifest);
    expect(out.startsWith(text)).toBe(true);
    expect(out.slice(text.length)).toBe(`---\n${POOL.slice(POOL.indexOf("apiVersion"))}`);
    expect(r.manifest.machines.at(-1)).toMatchObject({
      name: "spare-1",
      role: "worker",
      private: { address: "172.17.0.10" },
    });
    expect(serializeManifest(r.pool)).toBe(
      "# Provisioned spares, moved into machines.yaml by node-patch-bot\n",
    );
  });

  it("refuses a spare whose address is already in the cluster, changing neither file", () => {
    const taken = POOL.replace("172.17.0.10", "172.17.0.3");
    const r = addMachineFromPool(
      mustParse(upstream("wksctl-footloose-machines.v1alpha3.yaml")),
      mustParse(taken, { pool: true }),
      "spare-1",
    );
    expect(!r.ok && r.diagnostics.map((d) => d.code)).toEqual(["duplicate-address"]);
  });
});
