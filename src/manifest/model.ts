// The typed model of a WKS Machines manifest. Plain data: parsing produces it, edits produce a new one.
import type { Taint } from "../generated/taints.js";

export type { Taint } from "../generated/taints.js";

/** `set: master` is the control plane; any other value (or none) is a worker, as the WKS controller reads it. */
export type Role = "control-plane" | "worker";

export interface Endpoint {
  address: string;
  port?: number;
}

/** A Machine and the ExistingInfraMachine it pairs with (by position in the stream, as the controller pairs). */
export interface MachinePair {
  /** `metadata.name` of the Machine. */
  name: string;
  /** `metadata.name` of the ExistingInfraMachine (may differ from the Machine's, see the vagrant example). */
  infraName: string;
  namespace?: string;
  role: Role;
  /** The raw `metadata.labels.set` value. */
  set?: string;
  /** `spec.clusterName`. */
  clusterName?: string;
  /** The `cluster.x-k8s.io/cluster-name` label. */
  clusterNameLabel?: string;
  /** `spec.version` (the bot never changes it). */
  version?: string;
  private: Endpoint;
  public?: Endpoint;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** The taints the bot recorded in its annotation on the Machine. */
  taints: readonly Taint[];
  /** Index of the Machine document's chunk in `Manifest.chunks`. */
  machineChunk: number;
  /** Index of the ExistingInfraMachine document's chunk in `Manifest.chunks`. */
  infraChunk: number;
}

export type ChunkKind = "Machine" | "ExistingInfraMachine" | "empty";

/** The fields of a Machine document the bot reads. */
export interface MachineDoc {
  kind: "Machine";
  name: string;
  namespace?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  set?: string;
  clusterName?: string;
  clusterNameLabel?: string;
  version?: string;
  infraRefName: string;
  taints: readonly Taint[];
}

/** The fields of an ExistingInfraMachine document the bot reads. */
export interface InfraDoc {
  kind: "ExistingInfraMachine";
  name: string;
  namespace?: string;
  private: Endpoint;
  public?: Endpoint;
}

/**
 * A document of the stream with the text that belongs to it: its leading `---` marker line (if any), its
 * content and any trailing comments up to the next marker. The manifest's bytes are the chunks joined, so an
 * edit replaces whole chunks and every other byte stays as it was.
 */
export interface Chunk {
  readonly text: string;
  readonly kind: ChunkKind;
  /** Number of line breaks in `text`, to map offsets to `line:col` without rescanning the file. */
  readonly lineBreaks: number;
  /** The document's fields, for Machine and ExistingInfraMachine chunks. */
  readonly doc?: MachineDoc | InfraDoc;
}

export type Layout = "interleaved" | "grouped" | "mixed";

export interface Manifest {
  /** The path used in messages (`file:line:col`). */
  readonly file: string;
  readonly chunks: readonly Chunk[];
  /** Machine pairs in Machine order. */
  readonly machines: readonly MachinePair[];
  /** How pairs are laid out: each Machine followed by its infrastructure object, or all Machines first. */
  readonly layout: Layout;
  readonly lineEnding: "\n" | "\r\n";
  /** The annotation key under which the bot records taints. */
  readonly taintAnnotation: string;
  /** The rules the manifest is validated by, kept so every edit is checked by the same ones. */
  readonly rules: ManifestRules;
}

export interface ManifestRules {
  /** Supported Kubernetes versions (a semver range). */
  kubernetesVersions: string;
  /** A pool of provisioned spares: may be empty and needs no control plane. */
  pool: boolean;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** A stable identifier of the rule, e.g. `duplicate-name`. */
  code: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint: string;
  /** Upstream-style field path, e.g. `machines[1].spec.version`. */
  path?: string;
}

/** The input of an `add` edit: a new machine pair, conventions copied from machines of the same role. */
export interface NewMachine {
  name: string;
  /** Defaults to `name`. */
  infraName?: string;
  role: Role;
  privateAddress: string;
  privatePort?: number;
  publicAddress?: string;
  publicPort?: number;
  /** Labels set on top of those copied from the template machine (e.g. a zone). */
  labels?: Readonly<Record<string, string>>;
}

export const DEFAULT_TAINT_ANNOTATION = "node-patch-bot.dev/taints";
export const CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
export const DEFAULT_KUBERNETES_VERSIONS = ">=1.16.1 <=1.20.x";
