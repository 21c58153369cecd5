// fast-check generators of Machines manifests with the variety found in real repositories. Content: versions
// (one string on every Machine, or none), cluster names (label, spec or both), namespaces on some documents,
// extra labels, other annotations, public endpoints with or without a port, private ports. Formatting:
// whole-document indentation, nested indentation of 2 or 4, quoting styles (also mixed), comments in several
// places (also after `---`), flow-style maps, blank lines, CRLF, optional markers and headers, interleaved or
// grouped layout, key order, and a missing final newline. `GenManifest.machines` says what the text declares,
// so tests can check what the parser reads (model-view.ts).
import fc from "fast-check";

export interface GenMachine {
  name: string;
  infraName: string;
  master: boolean;
  address: string;
  otherAnnotation: boolean;
  /** The worker's `set` label (`worker`, `node`) or none; masters always carry `set: master`. */
  workerSet?: string;
  namespace?: string;
  /** The ExistingInfraMachine's own namespace. */
  infraNamespace?: string;
  privatePort?: number;
  public?: { address: string; port?: number };
  /** Labels other than `set` and the cluster-name label. */
  labels: Record<string, string>;
}

/** Content shared by every Machine of the manifest, as the controller requires. */
export interface GenCluster {
  name: string;
  /** Where the cluster name is written: the label, `spec.clusterName`, or both. */
  where: "label" | "spec" | "both";
  version?: string;
}

export interface GenStyle {
  indent: "" | "  ";
  /** The indentation of each nesting level. */
  nest: "  " | "    ";
  quote: "plain" | "double" | "single" | "mixed";
  eol: "\n" | "\r\n";
  leadingMarker: boolean;
  header: boolean;
  comments: boolean;
  /** Comments on the `---` lines themselves (`--- # worker-2`). */
  markerComments: boolean;
  /** Flow-style `{a: b}` maps for labels, infrastructureRef and endpoints. */
  flow: boolean;
  grouped: boolean;
  finalNewline: boolean;
  labelsFirst: boolean;
}

export interface GenManifest {
  machines: GenMachine[];
  cluster: GenCluster;
  style: GenStyle;
  text: string;
}

export const PLAIN_STYLE: GenStyle = {
  indent: "",
  nest: "  ",
  quote: "plain",
  eol: "\n",
  leadingMarker: false,
  header: false,
  comments: false,
  markerComments: false,
  flow: false,
  grouped: false,
  finalNewline: true,
  labelsFirst: false,
};

export const PLAIN_CLUSTER: GenCluster = { name: "prod", where: "both", version: "1.19.7" };

/** A machine with nothing but its identity: the shape the older tests wrote by hand. */
export function genMachine(m: Pick<GenMachine, "name" | "infraName" | "master" | "address">): GenMachine {
  return { ...m, otherAnnotation: false, workerSet: "worker", privatePort: 22, labels: {} };
}

const styleArb: fc.Arbitrary<GenStyle> = fc.record({
  indent: fc.constantFrom("" as const, "  " as const),
  nest: fc.constantFrom("  " as const, "    " as const),
  quote: fc.constantFrom("plain" as const, "double" as const, "single" as const, "mixed" as const),
  eol: fc.constantFrom("\n" as const, "\r\n" as const),
  leadingMarker: fc.boolean(),
  header: fc.boolean(),
  comments: fc.boolean(),
  markerComments: fc.boolean(),
  flow: fc.boolean(),
  grouped: fc.boolean(),
  finalNewline: fc.boolean(),
  labelsFirst: fc.boolean(),
});

const clusterArb: fc.Arbitrary<GenCluster> = fc.record(
  {
    name: fc.constantFrom("prod", "example", "eu-1"),
    where: fc.constantFrom("label" as const, "spec" as const, "both" as const),
    // Strings YAML reads as strings when plain; `v1.20.0` is a different string from `1.20.0` (never mixed).
    version: fc.constantFrom("1.19.7", "1.16.1", "v1.20.0", "1.18.15"),
  },
  { requiredKeys: ["name", "where"] },
);

const specArb = fc.record({
  master: fc.boolean(),
  otherAnnotation: fc.boolean(),
  suffix: fc.boolean(),
  workerSet: fc.constantFrom<string | undefined>("worker", "node", undefined),
  namespace: fc.constantFrom<string | undefined>(undefined, undefined, "weavek8sops", "kube-system"),
  infraNamespace: fc.constantFrom<string | undefined>(undefined, "weavek8sops"),
  privatePort: fc.constantFrom<number | undefined>(22, 22, 2200, undefined),
  public: fc.constantFrom<"none" | "port" | "address">("none", "port", "address"),
  zone: fc.constantFrom<string | undefined>(undefined, "zone-a", "zone-b"),
  rack: fc.boolean(),
});

export const manifestArb: fc.Arbitrary<GenManifest> = fc
  .tuple(fc.array(specArb, { minLength: 1, maxLength: 6 }), clusterArb, styleArb)
  .map(([specs, cluster, style]) => {
    const machines = specs.map((s, i): GenMachine => {
      const m: GenMachine = {
        name: `node-${i}`,
        infraName: s.suffix ? `node-${i}-infra` : `node-${i}`,
        master: i === 0 || s.master,
        address: `10.1.0.${i + 1}`,
        otherAnnotation: s.otherAnnotation,
        labels: {
          ...(s.zone === undefined ? {} : { "topology.kubernetes.io/zone": s.zone }),
          ...(s.rack ? { "example.com/rack": `r${i}` } : {}),
        },
      };
      if (s.workerSet !== undefined) m.workerSet = s.workerSet;
      if (s.namespace !== undefined) m.namespace = s.namespace;
      if (s.infraNamespace !== undefined) m.infraNamespace = s.infraNamespace;
      if (s.privatePort !== undefined) m.privatePort = s.privatePort;
      if (s.public === "port") m.public = { address: "127.0.0.1", port: 2222 + i };
      if (s.public === "address") m.public = { address: `192.0.2.${i + 1}` };
      return m;
    });
    return { machines, cluster, style, text: render(machines, style, cluster) };
  });

function q(style: GenStyle, v: string): string {
  const quote =
    style.quote === "mixed" ? (["plain", "double", "single"] as const)[v.length % 3] : style.quote;
  if (quote === "double") return `"${v}"`;
  if (quote === "single") return `'${v}'`;
  return v;
}

/** A map as indented block lines under `key`, or as one flow-style line. */
function map(s: GenStyle, key: string, entries: [string, string][], comment = ""): string[] {
  const after = comment === "" ? "" : ` ${comment}`;
  if (s.flow) return [`${key}: {${entries.map(([k, v]) => `${k}: ${v}`).join(", ")}}${after}`];
  return [`${key}:`, ...entries.map(([k, v], i) => `${s.nest}${k}: ${v}${i === 0 ? after : ""}`)];
}

/** Lines nested one level deeper. */
function under(s: GenStyle, lines: string[]): string[] {
  return lines.map((l) => `${s.nest}${l}`);
}

function machineDoc(m: GenMachine, s: GenStyle, c: GenCluster): string[] {
  const set = m.master ? "master" : m.workerSet;
  const labels: [string, string][] = [
    ...(set === undefined ? [] : [["set", q(s, set)] as [string, string]]),
    ...(c.where === "spec" ? [] : [["cluster.x-k8s.io/cluster-name", q(s, c.name)] as [string, string]]),
    ...Object.entries(m.labels).map(([k, v]): [string, string] => [k, q(s, v)]),
  ];
  const labelLines =
    labels.length === 0 ? [] : under(s, map(s, "labels", labels, s.comments ? "# role and cluster" : ""));
  const name = [`${s.nest}name: ${q(s, m.name)}${s.comments ? "  # the machine" : ""}`];
  const namespace = m.namespace === undefined ? [] : [`${s.nest}namespace: ${q(s, m.namespace)}`];
  const annotations = m.otherAnnotation
    ? [
        `${s.nest}annotations:${s.comments ? " # read by people, not by the controller" : ""}`,
        ...(s.comments ? [`${s.nest}${s.nest}# who to ask`] : []),
        `${s.nest}${s.nest}example.com/owner: ${q(s, "team-a")}`,
      ]
    : [];
  const ref = map(s, "infrastructureRef", [
    ["apiVersion", "cluster.weave.works/v1alpha3"],
    ["kind", "ExistingInfraMachine"],
    ["name", q(s, m.infraName)],
  ]);
  return [
    ...(s.comments ? ["# a machine"] : []),
    `apiVersion: ${q(s, "cluster.x-k8s.io/v1alpha3")}`,
    "kind: Machine",
    "metadata:",
    ...(s.labelsFirst
      ? [...labelLines, ...annotations, ...name, ...namespace]
      : [...name, ...namespace, ...annotations, ...labelLines]),
    ...(s.comments ? [""] : []),
    "spec:",
    ...(c.where === "label" ? [] : [`${s.nest}clusterName: ${q(s, c.name)}`]),
    ...(s.comments ? [`${s.nest}# bootstrapped by the WKS controller`] : []),
    `${s.nest}bootstrap: {}`,
    ...(c.version === undefined ? [] : [`${s.nest}version: ${q(s, c.version)}`]),
    ...under(s, ref),
  ];
}

function infraDoc(m: GenMachine, s: GenStyle): string[] {
  const endpoint = (key: string, e: { address: string; port?: number }, comment = "") =>
    under(
      s,
      map(
        s,
        key,
        [
          ["address", q(s, e.address)],
          ...(e.port === undefined ? [] : [["port", String(e.port)] as [string, string]]),
        ],
        comment,
      ),
    );
  const privateEndpoint =
    m.privatePort === undefined ? { address: m.address } : { address: m.address, port: m.privatePort };
  return [
    `apiVersion: ${q(s, "cluster.weave.works/v1alpha3")}`,
    "kind: ExistingInfraMachine",
    "metadata:",
    `${s.nest}name: ${q(s, m.infraName)}`,
    ...(m.infraNamespace === undefined ? [] : [`${s.nest}namespace: ${q(s, m.infraNamespace)}`]),
    "spec:",
    ...endpoint("private", privateEndpoint, s.comments ? "# ssh here" : ""),
    ...(m.public === undefined ? [] : endpoint("public", m.public)),
  ];
}

export function render(machines: GenMachine[], s: GenStyle, c: GenCluster = PLAIN_CLUSTER): string {
  const docs = s.grouped
    ? [...machines.map((m) => machineDoc(m, s, c)), ...machines.map((m) => infraDoc(m, s))]
    : machines.flatMap((m) => [machineDoc(m, s, c), infraDoc(m, s)]);
  const body = docs
    .map((d) => d.map((l) => (l === "" || l.startsWith("#") ? l : s.indent + l)).join(s.eol))
    .map((d, i) => (i === 0 ? d : `---${s.markerComments ? ` # document ${i + 1}` : ""}${s.eol}${d}`))
    .join(s.eol);
  const head = `${s.header ? `# Machines of cluster ${c.name}${s.eol}${s.eol}` : ""}${s.leadingMarker ? `---${s.eol}` : ""}`;
  return `${head}${body}${s.finalNewline ? s.eol : ""}`;
}
