// A corpus of broken manifests, each with the exact message and location the user sees.
import { describe, expect, it } from "vitest";
import { problems, upstream } from "./helpers.js";

const footloose = upstream("wksctl-footloose-machines.v1alpha3.yaml");
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

describe("YAML the bot refuses", () => {
  it("custom tags", () => {
    expect(
      problems(footloose.replace("address: 172.17.0.3", "address: !secret vault:ip")),
    ).toMatchInlineSnapshot(`
      "machines.yaml:49:14: error: custom tag \`!secret\` is not allowed in a Machines manifest
        fix: remove the tag; write the plain value"
    `);
  });

  it("alias bombs", () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;
    expect(problems(`${footloose}---\n${bomb}`)).toMatch(
      /^machines\.yaml:81:1: error: aliases expand too much/,
    );
  });

  it("multi-megabyte scalars", () => {
    expect(
      problems(
        footloose.replace("name: worker-1\nspec", `name: worker-1\n  note: ${"x".repeat(2_000_000)}\nspec`),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:34:1: error: this document is 2000298 characters long, more than the 1048576 a machine document may have (a huge scalar?)
        fix: a Machine or ExistingInfraMachine is a few hundred bytes: remove the oversized value"
    `);
  });

  it("deep nesting", () => {
    expect(problems(`${footloose}---\nx: ${"[".repeat(500)}${"]".repeat(500)}\n`)).toMatchInlineSnapshot(`
      "machines.yaml:82:68: error: nesting deeper than 64 levels
        fix: a machine document nests a few levels: remove the deeply nested value"
    `);
  });

  it("bytes that are not UTF-8", () => {
    const bytes = Buffer.concat([
      Buffer.from("apiVersion: x\nkind: Mach"),
      Buffer.from([0xe9]),
      Buffer.from("ine\n"),
    ]);
    expect(problems(bytes)).toMatchInlineSnapshot(`
      "machines.yaml:2:11: error: byte 24 is not valid UTF-8 (0xe9)
        fix: save the file as UTF-8; re-encode it with \`iconv -f <encoding> -t UTF-8\`"
    `);
  });

  it("UTF-16", () => {
    expect(problems(Buffer.from(`\ufeff${footloose}`, "utf16le"))).toMatchInlineSnapshot(`
      "machines.yaml:1:1: error: the manifest is UTF-16 or UTF-32 encoded (byte order mark found)
        fix: save the file as UTF-8, as Kubernetes manifests are"
    `);
  });
});
