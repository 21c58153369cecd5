// parseManifest: text or bytes in, the typed model of machine pairs (or every problem found) out.
import { detectLineEnding, splitChunks } from "./chunks.js";
import { hasErrors, sortDiagnostics } from "./diagnostics.js";
import { DEFAULT_LIMITS, decodeUtf8, type Limits } from "./limits.js";
import type {
  Chunk,
  Diagnostic,
  InfraDoc,
  Layout,
  MachineDoc,
  MachinePair,
  Manifest,
  ManifestRules,
} from "./model.js";
import { DEFAULT_KUBERNETES_VERSIONS, DEFAULT_TAINT_ANNOTATION } from "./model.js";
import { readChunk } from "./read-chunk.js";
import { validateManifest } from "./validate.js";

export interface ParseOptions {
  /** The path shown in messages. */
  file: string;
  /** The annotation key under which the bot records taints on Machines. */
  taintAnnotation?: string;
  /** Supported Kubernetes versions (a semver range); upstream's last release supported `>=1.16.1 <=1.20.x`. */
  kubernetesVersions?: string;
  limits?: Partial<Limits>;
  /** Parse a pool file of provisioned spares (may be empty, needs no control plane). */
  pool?: boolean;
}

export type ParseResult =
  | { ok: true; manifest: Manifest; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; legacy?: boolean };

export interface ResolvedOptions {
  file: string;
  taintAnnotation: string;
  limits: Limits;
  rules: ManifestRules;
}

export function resolveOptions(options: ParseOptions): ResolvedOptions {
  return {
    file: options.file,
    taintAnnotation: options.taintAnnotation ?? DEFAULT_TAINT_ANNOTATION,
    rules: {
      kubernetesVersions: options.kubernetesVersions ?? DEFAULT_KUBERNETES_VERSIONS,
      pool: options.pool ?? false,
    },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
}

export function parseManifest(input: string | Uint8Array, options: ParseOptions): ParseResult {
  const opts = resolveOptions(options);
  let text: string;
  if (typeof input === "string") text = input;
  else {
    const decoded = decodeUtf8(input, opts.file, opts.limits);
    if (typeof decoded !== "string") return { ok: false, diagnostics: [decoded] };
    text = decoded;
  }
  const chunks: Chunk[] = [];
  const problems: Diagnostic[] = [];
  let legacy = false;
  let startLine = 1;
  for (const raw of splitChunks(text)) {
    const read = readChunk(raw.text, raw.lineBreaks, { ...opts, startLine });
    chunks.push(read.chunk);
    problems.push(...read.diagnostics);
    legacy ||= read.legacy === true;
    startLine += raw.lineBreaks;
  }
  // A legacy file is explained once; its other "problems" are just the old format.
  if (legacy)
    return { ok: false, legacy, diagnostics: problems.filter((d) => d.code === "legacy-format").slice(0, 1) };
  const manifest = buildManifest(opts.file, chunks, detectLineEnding(text), opts.taintAnnotation, opts.rules);
  // Cross-document rules over a partly read file would only repeat the first problem in other words.
  const semantic = hasErrors(problems) ? [] : validateManifest(manifest, opts.rules);
  const diagnostics = sortDiagnostics([...problems, ...semantic]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, manifest, warnings: diagnostics };
}

/** Pairs the i-th Machine with the i-th ExistingInfraMachine, as the controller does. */
export function buildManifest(
  file: string,
  chunks: readonly Chunk[],
  lineEnding: "\n" | "\r\n",
  taintAnnotation: string,
  rules: ManifestRules,
  previous?: Manifest,
): Manifest {
  const machineIdx: number[] = [];
  const infraIdx: number[] = [];
  chunks.forEach((c, i) => {
    if (c.kind === "Machine") machineIdx.push(i);
    else if (c.kind === "ExistingInfraMachine") infraIdx.push(i);
  });
  const machines: MachinePair[] = [];
  for (let i = 0; i < Math.min(machineIdx.length, infraIdx.length); i++) {
    const mi = machineIdx[i]!;
    const ii = infraIdx[i]!;
    const mdoc = chunks[mi]!.doc as MachineDoc;
    const idoc = chunks[ii]!.doc as InfraDoc;
    // After an edit, most pairs are where they were: keep those objects rather than allocate thousands anew.
    const old = previous?.machines[i];
    const same =
      old &&
      old.machineChunk === mi &&
      old.infraChunk === ii &&
      previous.chunks[mi]?.doc === mdoc &&
      previous.chunks[ii]?.doc === idoc;
    machines.push(same ? old : pairOf(mdoc, idoc, mi, ii));
  }
  return {
    file,
    chunks,
    machines,
    layout: layoutOf(machineIdx, infraIdx),
    lineEnding,
    taintAnnotation,
    rules,
  };
}

export function pairOf(
  m: MachineDoc,
  infra: InfraDoc,
  machineChunk: number,
  infraChunk: number,
): MachinePair {
  const pair: MachinePair = {
    name: m.name,
    infraName: infra.name,
    role: m.set === "master" ? "control-plane" : "worker",
    private: infra.private,
    labels: m.labels,
    annotations: m.annotations,
    taints: m.taints,
    machineChunk,
    infraChunk,
  };
  if (m.namespace !== undefined) pair.namespace = m.namespace;
  if (m.set !== undefined) pair.set = m.set;
  if (m.clusterName !== undefined) pair.clusterName = m.clusterName;
  if (m.clusterNameLabel !== undefined) pair.clusterNameLabel = m.clusterNameLabel;
  if (m.version !== undefined) pair.version = m.version;
  if (infra.public !== undefined) pair.public = infra.public;
  return pair;
}

function layoutOf(machineIdx: readonly number[], infraIdx: readonly number[]): Layout {
  if (machineIdx.length === 0) return "interleaved";
  const interleaved = machineIdx.every(
    (m, i) =>
      infraIdx[i] !== undefined &&
      infraIdx[i]! > m &&
      (machineIdx[i + 1] ?? Number.POSITIVE_INFINITY) > infraIdx[i]!,
  );
  if (interleaved) return "interleaved";
  const lastMachine = machineIdx[machineIdx.length - 1]!;
  return infraIdx.every((i) => i > lastMachine) ? "grouped" : "mixed";
}

export function serializeManifest(m: Manifest): string {
  let out = "";
  for (const c of m.chunks) out += c.text;
  return out;
}
