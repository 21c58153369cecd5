// Adding a machine copies the conventions of the existing machines of the same role: the namespace (of the
// Machine and of its ExistingInfraMachine), the cluster name (label and spec), the version and how it is
// quoted, and the other labels, so the new pair reads like the ones a person wrote.
import { describe, expect, it } from "vitest";
import { addMachine, type Manifest, serializeManifest } from "../../src/manifest/index.js";
import { mustEdit, mustParse } from "./helpers.js";

interface Spec {
  name: string;
  set: string;
  address: string;
  namespace: string;
  zone: string;
}

const pair = (s: Spec) => `apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
  labels:
    set: ${s.set}
    cluster.x-k8s.io/cluster-name: prod-eu
    topology.kubernetes.io/zone: ${s.zone}
spec:
  clusterName: prod-eu
  bootstrap: {}
  version: "1.19.7"
  infrastructureRef:
    apiVersion: cluster.weave.works/v1alpha3
    kind: ExistingInfraMachine
    name: ${s.name}
---
apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
spec:
  private:
    address: ${s.address}
    port: 22
`;

// Control plane in kube-system, workers in weavek8sops: each role has its own convention.
const MANIFEST = [
  pair({ name: "cp-1", set: "master", address: "10.0.0.1", namespace: "kube-system", zone: "a" }),
  pair({ name: "w-1", set: "node", address: "10.0.1.1", namespace: "weavek8sops", zone: "a" }),
  pair({ name: "w-2", set: "node", address: "10.0.1.2", namespace: "weavek8sops", zone: "b" }),
  pair({ name: "cp-2", set: "master", address: "10.0.0.2", namespace: "kube-system", zone: "c" }),
].join("---\n");

/** The documents the edit appended (everything after the original bytes). */
function added(m: Manifest, text: string): string {
  const out = serializeManifest(m);
  expect(out.startsWith(text)).toBe(true);
  return out.slice(text.length);
}

describe("adding a machine copies the conventions of its role", () => {
  const m = mustParse(MANIFEST);

  it("a worker: the workers' namespace and set label, the last worker's zone, the shared version and cluster", () => {
    const next = mustEdit(addMachine(m, { name: "w-3", role: "worker", privateAddress: "10.0.1.3" }));
    expect(added(next, MANIFEST)).toMatchInlineSnapshot(`
      "---
      apiVersion: cluster.x-k8s.io/v1alpha3
      kind: Machine
      metadata:
        name: w-3
        namespace: weavek8sops
        labels:
          set: node
          cluster.x-k8s.io/cluster-name: prod-eu
          topology.kubernetes.io/zone: b
      spec:
        clusterName: prod-eu
        bootstrap: {}
        version: "1.19.7"
        infrastructureRef:
          apiVersion: cluster.weave.works/v1alpha3
          kind: ExistingInfraMachine
          name: w-3
      ---
      apiVersion: cluster.weave.works/v1alpha3
      kind: ExistingInfraMachine
      metadata:
        name: w-3
        namespace: weavek8sops
      spec:
        private:
          address: 10.0.1.3
          port: 22
      "
    `);
    expect(next.machines.at(-1)).toMatchObject({
      name: "w-3",
      namespace: "weavek8sops",
      role: "worker",
      set: "node",
      clusterName: "prod-eu",
      clusterNameLabel: "prod-eu",
      version: "1.19.7",
      labels: { set: "node", "cluster.x-k8s.io/cluster-name": "prod-eu", "topology.kubernetes.io/zone": "b" },
    });
  });

  it("a control-plane machine: the masters' namespace, with a zone given in the request", () => {
    const next = mustEdit(
      addMachine(m, {
        name: "cp-3",
        role: "control-plane",
        privateAddress: "10.0.0.3",
        labels: { "topology.kubernetes.io/zone": "b" },
      }),
    );
    expect(added(next, MANIFEST)).toMatchInlineSnapshot(`
      "---
      apiVersion: cluster.x-k8s.io/v1alpha3
      kind: Machine
      metadata:
        name: cp-3
        namespace: kube-system
        labels:
          set: master
          cluster.x-k8s.io/cluster-name: prod-eu
          topology.kubernetes.io/zone: b
      spec:
        clusterName: prod-eu
        bootstrap: {}
        version: "1.19.7"
        infrastructureRef:
          apiVersion: cluster.weave.works/v1alpha3
          kind: ExistingInfraMachine
          name: cp-3
      ---
      apiVersion: cluster.weave.works/v1alpha3
      kind: ExistingInfraMachine
      metadata:
        name: cp-3
        namespace: kube-system
      spec:
        private:
          address: 10.0.0.3
          port: 22
      "
    `);
    expect(next.machines.at(-1)).toMatchObject({
      name: "cp-3",
      namespace: "kube-system",
      role: "control-plane",
      clusterName: "prod-eu",
      version: "1.19.7",
      labels: { set: "master", "topology.kubernetes.io/zone": "b" },
    });
  });

  it("a worker in a manifest of masters only: the last machine's conventions, labelled as a worker", () => {
    const mastersOnly = MANIFEST.split("---\n")
      .filter((_, i) => i < 2 || i >= 6)
      .join("---\n");
    const only = mustParse(mastersOnly);
    expect(only.machines.map((p) => p.name)).toEqual(["cp-1", "cp-2"]);
    const next = mustEdit(addMachine(only, { name: "w-9", role: "worker", privateAddress: "10.0.1.9" }));
    expect(next.machines.at(-1)).toMatchObject({
      name: "w-9",
      namespace: "kube-system",
      role: "worker",
      set: "worker",
      clusterName: "prod-eu",
      version: "1.19.7",
    });
  });

  it("machines without a version get a new machine without one", () => {
    const unversioned = MANIFEST.replaceAll('  version: "1.19.7"\n', "");
    const next = mustEdit(
      addMachine(mustParse(unversioned), { name: "w-3", role: "worker", privateAddress: "10.0.1.3" }),
    );
    expect(next.machines.map((p) => p.version)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(added(next, unversioned)).not.toContain("version");
  });
});
