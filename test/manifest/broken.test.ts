// A corpus of broken manifests, one entry per semantic rule, each with the exact message and location the
// user sees (the YAML the bot refuses outright is in broken-yaml.test.ts).
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/index.js";
import { problems } from "./helpers.js";

const machine = (name: string, extra = "") => `apiVersion: cluster.x-k8s.io/v1alpha3
kind: Machine
metadata:
  labels:
    set: master
    cluster.x-k8s.io/cluster-name: prod
  name: ${name}
spec:
  clusterName: prod
  version: 1.19.7
  infrastructureRef:
    kind: ExistingInfraMachine
    name: ${name}
${extra}`;
const infra = (name: string, address: string) => `apiVersion: cluster.weave.works/v1alpha3
kind: ExistingInfraMachine
metadata:
  name: ${name}
spec:
  private:
    address: ${address}
`;
const stream = (...docs: string[]) => docs.join("---\n");

describe("broken manifests are refused with the place and the fix", () => {
  it("syntax error", () => {
    expect(problems("apiVersion: x\nkind: [Machine\n")).toMatchInlineSnapshot(`
      "machines.yaml:3:1: error: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]
        fix: correct the YAML at this position (check indentation, quotes and colons)"
    `);
  });

  it("duplicate keys", () => {
    expect(
      problems(
        stream(machine("m1").replace("  name: m1\n", "  name: m1\n  name: m2\n"), infra("m1", "10.0.0.1")),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:8:3: error: duplicate key: Map keys must be unique
        fix: keep one of the entries with this key and delete the other"
    `);
  });

  it("a kind that does not belong in a Machines manifest", () => {
    expect(
      problems(
        stream(
          machine("m1"),
          infra("m1", "10.0.0.1"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
        ),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:23:1: error: a Machines manifest holds only Machine (cluster.x-k8s.io/v1alpha3) and ExistingInfraMachine (cluster.weave.works/v1alpha3) documents, not ConfigMap (v1)
        fix: move this object to another file"
    `);
  });

  it("a version YAML reads as a number", () => {
    expect(
      problems(stream(machine("m1").replace("version: 1.19.7", "version: 1.20"), infra("m1", "10.0.0.1"))),
    ).toMatchInlineSnapshot(`
      "machines.yaml:10:12: error: Machine: \`spec.version\` must be a string, but YAML reads 1.2 as a number
        fix: quote the value, e.g. "1.2""
    `);
  });

  it("a missing infrastructureRef and an invalid name", () => {
    expect(
      problems(
        stream(machine("M_1").replace(/ {2}infrastructureRef:\n.*\n.*\n/, ""), infra("m1", "10.0.0.1")),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:7:9: error: Machine: \`metadata.name\` "M_1" is not a valid Kubernetes name
        fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit
      machines.yaml:9:3: error: Machine: \`spec.infrastructureRef\` is missing
        fix: add \`infrastructureRef:\` under \`spec\`"
    `);
  });

  it("pairs out of order", () => {
    expect(
      problems(stream(machine("m1"), machine("m2"), infra("m2", "10.0.0.2"), infra("m1", "10.0.0.1"))),
    ).toMatchInlineSnapshot(`
      "machines.yaml:13:11: error: Machine m1 (machines[0]) references ExistingInfraMachine m1, but the ExistingInfraMachine at the same position is m2; the controller pairs them by position
        fix: reorder the documents so that the 1st Machine and the 1st ExistingInfraMachine belong together, or correct spec.infrastructureRef.name
      machines.yaml:27:11: error: Machine m2 (machines[1]) references ExistingInfraMachine m2, but the ExistingInfraMachine at the same position is m1; the controller pairs them by position
        fix: reorder the documents so that the 2nd Machine and the 2nd ExistingInfraMachine belong together, or correct spec.infrastructureRef.name"
    `);
  });

  it("a Machine without its infrastructure object", () => {
    expect(problems(stream(machine("m1"), infra("m1", "10.0.0.1"), machine("m2")))).toMatchInlineSnapshot(`
      "machines.yaml:23:1: error: Machine m2 (machines[1]) has no ExistingInfraMachine at the same position
        fix: add an ExistingInfraMachine named m2 as infrastructure object number 2"
    `);
  });

  it("an ExistingInfraMachine without its Machine", () => {
    expect(
      problems(stream(machine("m1"), infra("m1", "10.0.0.1"), infra("m2", "10.0.0.2"))),
    ).toMatchInlineSnapshot(`
      "machines.yaml:23:1: error: ExistingInfraMachine m2 has no Machine at the same position (2nd)
        fix: add its Machine, or delete this ExistingInfraMachine"
    `);
  });

  it("duplicate names and private addresses", () => {
    expect(
      problems(stream(machine("m1"), infra("m1", "10.0.0.1"), machine("m1"), infra("m1", "10.0.0.1"))),
    ).toMatchInlineSnapshot(`
      "machines.yaml:29:9: error: Machine name m1 is used twice (first at line 7)
        fix: give every Machine a unique metadata.name
      machines.yaml:40:9: error: ExistingInfraMachine name m1 is used twice (first at line 18)
        fix: give every ExistingInfraMachine a unique metadata.name
      machines.yaml:43:14: error: private address 10.0.0.1 of m1 is already used by m1; the controller finds a machine's Node by this address
        fix: give every machine its own spec.private.address"
    `);
  });

  it("inconsistent cluster names", () => {
    expect(
      problems(
        stream(
          machine("m1"),
          infra("m1", "10.0.0.1"),
          machine("m2").replace("clusterName: prod", "clusterName: staging"),
          infra("m2", "10.0.0.2"),
        ),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:28:36: error: Machine m2 has label cluster.x-k8s.io/cluster-name=prod but spec.clusterName staging
        fix: make the label and spec.clusterName name the same cluster
      machines.yaml:31:16: error: Machine m2 belongs to cluster staging, but m1 belongs to prod: one manifest describes one cluster
        fix: set the cluster name to prod, or move this machine to its cluster's manifest"
    `);
  });

  it("no control-plane machine", () => {
    const worker = (name: string) => machine(name).replace("set: master", "set: worker");
    expect(
      problems(stream(worker("w1"), infra("w1", "10.0.0.1"), worker("w2"), infra("w2", "10.0.0.2"))),
    ).toMatchInlineSnapshot(`
      "machines.yaml:5:10: error: no Machine is a control-plane machine: at least one needs the label \`set: master\`
        fix: label the control-plane Machines with \`set: master\` under metadata.labels"
    `);
  });

  it("a version that differs from the first Machine's (the strings must be identical)", () => {
    expect(
      problems(
        stream(
          machine("m1"),
          infra("m1", "10.0.0.1"),
          machine("m2").replace("version: 1.19.7", "version: v1.19.7"),
          infra("m2", "10.0.0.2"),
        ),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:32:12: error: Machine m2 has spec.version "v1.19.7", but m1 has "1.19.7": every Machine must carry the same spec.version string, or none
        fix: set spec.version to "1.19.7" on every Machine (the strings must be identical: 1.20.0 is not v1.20.0)"
    `);
  });

  it("a version on some Machines only", () => {
    expect(
      problems(
        stream(
          machine("m1"),
          infra("m1", "10.0.0.1"),
          machine("m2").replace("  version: 1.19.7\n", ""),
          infra("m2", "10.0.0.2"),
        ),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:23:1: error: Machine m2 has spec.version null, but m1 has "1.19.7": every Machine must carry the same spec.version string, or none
        fix: set spec.version to "1.19.7" on every Machine (the strings must be identical: 1.20.0 is not v1.20.0)"
    `);
  });

  it("a Kubernetes version outside the supported range, and one that is no version at all", () => {
    const at = (version: string) =>
      problems(
        stream(machine("m1").replace("version: 1.19.7", `version: ${version}`), infra("m1", "10.0.0.1")),
      );
    expect(at("1.21.2")).toMatchInlineSnapshot(`
      "machines.yaml:10:12: error: Kubernetes version 1.21.2 is not supported: the supported range is >=1.16.1 <=1.20.x
        fix: use a version in >=1.16.1 <=1.20.x, or change \`kubernetesVersions\` in the configuration"
    `);
    expect(at("latest")).toMatchInlineSnapshot(`
      "machines.yaml:10:12: error: Kubernetes version latest is not a version: the supported range is >=1.16.1 <=1.20.x
        fix: use a version in >=1.16.1 <=1.20.x, or change \`kubernetesVersions\` in the configuration"
    `);
    expect(
      problems(stream(machine("m1"), infra("m1", "10.0.0.1")), { kubernetesVersions: ">=1.20.0" }),
    ).toMatchInlineSnapshot(`
      "machines.yaml:10:12: error: Kubernetes version 1.19.7 is not supported: the supported range is >=1.20.0
        fix: use a version in >=1.20.0, or change \`kubernetesVersions\` in the configuration"
    `);
  });

  it("a Machine without spec.clusterName is accepted with a warning", () => {
    const text = stream(machine("m1").replace("  clusterName: prod\n", ""), infra("m1", "10.0.0.1"));
    const r = parseManifest(text, { file: "machines.yaml" });
    expect(r.ok).toBe(true);
    expect(problems(text)).toMatchInlineSnapshot(`
      "machines.yaml:9:3: warning: Machine m1 has no spec.clusterName
        fix: add \`clusterName: prod\` under spec"
    `);
  });

  it("a Machine without the cluster-name label is accepted with a warning", () => {
    const text = stream(
      machine("m1").replace("    cluster.x-k8s.io/cluster-name: prod\n", ""),
      infra("m1", "10.0.0.1"),
    );
    expect(parseManifest(text, { file: "machines.yaml" }).ok).toBe(true);
    expect(problems(text)).toMatchInlineSnapshot(`
      "machines.yaml:5:5: warning: Machine m1 has no \`cluster.x-k8s.io/cluster-name\` label: the controller silently skips machines without it
        fix: add the label \`cluster.x-k8s.io/cluster-name: prod\` under metadata.labels"
    `);
  });

  it("a document that is not an object", () => {
    expect(
      problems(stream(machine("m1"), infra("m1", "10.0.0.1"), "# a list\n- a\n- b\n")),
    ).toMatchInlineSnapshot(`
      "machines.yaml:24:1: error: this document is not a Kubernetes object
        fix: each document must be a Machine or an ExistingInfraMachine mapping"
    `);
    expect(
      problems(stream(machine("m1"), infra("m1", "10.0.0.1"), "just a string\n")),
    ).toMatchInlineSnapshot(`
      "machines.yaml:23:1: error: this document is not a Kubernetes object
        fix: each document must be a Machine or an ExistingInfraMachine mapping"
    `);
  });

  it("an empty manifest has no machines", () => {
    expect(problems("# nothing here yet\n")).toMatchInlineSnapshot(`
      "machines.yaml:1:1: error: the manifest declares no machines
        fix: add Machine and ExistingInfraMachine documents, at least one with the label \`set: master\`"
    `);
  });

  it("a malformed taint annotation", () => {
    const text = stream(
      machine("m1").replace(
        "  labels:",
        "  annotations:\n    node-patch-bot.dev/taints: '[{\"key\": 1}]'\n  labels:",
      ),
      infra("m1", "10.0.0.1"),
    );
    expect(problems(text)).toMatchInlineSnapshot(`
      "machines.yaml:5:32: error: annotation \`node-patch-bot.dev/taints\` is not a list of taints: \`0.effect\` is missing
        fix: set it to a JSON list like '[{"key":"node-patch-bot.dev/patching","effect":"NoSchedule"}]', or remove it"
    `);
  });
});
