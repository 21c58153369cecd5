// fast-check generators of Machines manifests with the formatting variety found in real repositories:
// whole-document indentation, quoting styles, comments, blank lines, CRLF, optional markers and headers,
// interleaved or grouped layout, other annotations, and a missing final newline.
import fc from "fast-check";

export interface GenMachine {
  name: string;
  infraName: string;
  master: boolean;
  address: string;
  otherAnnotation: boolean;
}

export interface GenStyle {
  indent: "" | "  ";
  quote: "plain" | "double" | "single";
  eol: "\n" | "\r\n";
  leadingMarker: boolean;
  header: boolean;
  comments: boolean;
  grouped: boolean;
  finalNewline: boolean;
  labelsFirst: boolean;
}

export interface GenManifest {
  machines: GenMachine[];
  style: GenStyle;
  text: string;
}

const styleArb: fc.Arbitrary<GenStyle> = fc.record({
  indent: fc.constantFrom("" as const, "  " as const),
  quote: fc.constantFrom("plain" as const, "double" as const, "single" as const),
  eol: fc.constantFrom("\n" as const, "\r\n" as const),
  leadingMarker: fc.boolean(),
  header: fc.boolean(),
  comments: fc.boolean(),
  grouped: fc.boolean(),
  finalNewline: fc.boolean(),
  labelsFirst: fc.boolean(),
});

export const manifestArb: fc.Arbitrary<GenManifest> = fc
  .tuple(
    fc.array(fc.record({ master: fc.boolean(), otherAnnotation: fc.boolean(), suffix: fc.boolean() }), {
      minLength: 1,
      maxLength: 6,
    }),
    styleArb,
  )
  .map(([specs, style]) => {
    const machines = specs.map((s, i) => ({
      name: `node-${i}`,
      infraName: s.suffix ? `node-${i}-infra` : `node-${i}`,
      master: i === 0 || s.master,
      address: `10.1.0.${i + 1}`,
      otherAnnotation: s.otherAnnotation,
    }));
    return { machines, style, text: render(machines, style) };
  });

function q(style: GenStyle, v: string): string {
  if (style.quote === "double") return `"${v}"`;
  if (style.quote === "single") return `'${v}'`;
  return v;
}

function machineDoc(m: GenMachine, s: GenStyle): string[] {
  const labels = [
    "  labels:",
    `    set: ${m.master ? "master" : "worker"}`,
    "    cluster.x-k8s.io/cluster-name: prod",
  ];
  const name = [`  name: ${q(s, m.name)}${s.comments ? "  # the machine" : ""}`];
  const annotations = m.otherAnnotation ? ["  annotations:", `    example.com/owner: ${q(s, "team-a")}`] : [];
  return [
    ...(s.comments ? ["# a machine"] : []),
    `apiVersion: ${q(s, "cluster.x-k8s.io/v1alpha3")}`,
    "kind: Machine",
    "metadata:",
    ...(s.labelsFirst ? [...labels, ...annotations, ...name] : [...name, ...annotations, ...labels]),
    ...(s.comments ? [""] : []),
    "spec:",
    "  clusterName: prod",
    "  bootstrap: {}",
    `  version: ${q(s, "1.19.7")}`,
    "  infrastructureRef:",
    "    apiVersion: cluster.weave.works/v1alpha3",
    "    kind: ExistingInfraMachine",
    `    name: ${q(s, m.infraName)}`,
  ];
}

function infraDoc(m: GenMachine, s: GenStyle): string[] {
  return [
    `apiVersion: ${q(s, "cluster.weave.works/v1alpha3")}`,
    "kind: ExistingInfraMachine",
    "metadata:",
    `  name: ${q(s, m.infraName)}`,
    "spec:",
    "  private:",
    `    address: ${q(s, m.address)}${s.comments ? " # ssh here" : ""}`,
    "    port: 22",
  ];
}

export function render(machines: GenMachine[], s: GenStyle): string {
  const docs = s.grouped
    ? [...machines.map((m) => machineDoc(m, s)), ...machines.map((m) => infraDoc(m, s))]
    : machines.flatMap((m) => [machineDoc(m, s), infraDoc(m, s)]);
  const body = docs
    .map((d) => d.map((l) => (l === "" || l.startsWith("#") ? l : s.indent + l)).join(s.eol))
    .join(`${s.eol}---${s.eol}`);
  const head = `${s.header ? `# Machines of cluster prod${s.eol}${s.eol}` : ""}${s.leadingMarker ? `---${s.eol}` : ""}`;
  return `${head}${body}${s.finalNewline ? s.eol : ""}`;
}
