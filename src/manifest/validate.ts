// The semantic rules of a Machines manifest: the controller's own (pairing by position, one version, a
// master, supported Kubernetes versions) as errors with upstream's field paths, and the bot's additions
// (unique names and addresses, cluster names) as errors where they break the controller or the bot's safety
// and as warnings where the controller tolerates them but silently mishandles the machine.
import semver from "semver";
import { lineCol } from "./chunks.js";
import { diagnostic } from "./diagnostics.js";
import type { Chunk, Diagnostic, InfraDoc, MachineDoc, Manifest, ManifestRules } from "./model.js";
import { CLUSTER_NAME_LABEL } from "./model.js";
import { locate } from "./read-chunk.js";

export type ValidateOptions = ManifestRules;

interface Located<D> {
  doc: D;
  chunk: Chunk;
  index: number;
}

export function validateManifest(m: Manifest, options: ValidateOptions): Diagnostic[] {
  // Line numbers are computed only when there is something to report.
  let startLines: number[] | undefined;
  const at: At = (l, ...keys) => {
    startLines ??= chunkStartLines(m.chunks);
    const offset = locate(l.chunk.text, keys.filter((k) => k !== "").map(toPath));
    return { file: m.file, ...lineCol(l.chunk.text, offset, startLines[l.index]!) };
  };
  const machines: Located<MachineDoc>[] = [];
  const infras: Located<InfraDoc>[] = [];
  m.chunks.forEach((chunk, index) => {
    if (chunk.doc?.kind === "Machine") machines.push({ doc: chunk.doc, chunk, index });
    else if (chunk.doc?.kind === "ExistingInfraMachine") infras.push({ doc: chunk.doc, chunk, index });
  });
  const out: Diagnostic[] = [];
  const err: Report = (where, code, message, hint, path) => {
    out.push(diagnostic("error", code, where, message, hint, path));
  };
  const warn: Report = (where, code, message, hint, path) => {
    out.push(diagnostic("warning", code, where, message, hint, path));
  };

  if (machines.length === 0 && infras.length === 0 && !options.pool) {
    err(
      { file: m.file, line: 1, col: 1 },
      "no-machines",
      "the manifest declares no machines",
      "add Machine and ExistingInfraMachine documents, at least one with the label `set: master`",
    );
    return out;
  }

  // Pairing by position, comparing names only, exactly as the controller pairs.
  machines.forEach((mc, i) => {
    const infra = infras[i];
    if (infra === undefined) {
      err(
        at(mc, ""),
        "unpaired",
        `Machine ${mc.doc.name} (machines[${i}]) has no ExistingInfraMachine at the same position`,
        `add an ExistingInfraMachine named ${mc.doc.infraRefName} as infrastructure object number ${i + 1}`,
        `machines[${i}]`,
      );
    } else if (infra.doc.name !== mc.doc.infraRefName) {
      err(
        at(mc, "spec.infrastructureRef.name"),
        "pairing",
        `Machine ${mc.doc.name} (machines[${i}]) references ExistingInfraMachine ${mc.doc.infraRefName}, but the ExistingInfraMachine at the same position is ${infra.doc.name}; the controller pairs them by position`,
        `reorder the documents so that the ${ordinal(i + 1)} Machine and the ${ordinal(i + 1)} ExistingInfraMachine belong together, or correct spec.infrastructureRef.name`,
        `machines[${i}].spec.infrastructureRef.name`,
      );
    }
  });
  infras.slice(machines.length).forEach((infra, j) => {
    err(
      at(infra, ""),
      "unpaired",
      `ExistingInfraMachine ${infra.doc.name} has no Machine at the same position (${ordinal(machines.length + j + 1)})`,
      `add its Machine, or delete this ExistingInfraMachine`,
    );
  });

  for (const [first, dup] of duplicates(machines, (l) => l.doc.name)) {
    err(
      at(dup, "metadata.name"),
      "duplicate-name",
      `Machine name ${dup.doc.name} is used twice (first at line ${at(first, "metadata.name").line})`,
      "give every Machine a unique metadata.name",
      "metadata.name",
    );
  }
  for (const [first, dup] of duplicates(infras, (l) => l.doc.name)) {
    err(
      at(dup, "metadata.name"),
      "duplicate-name",
      `ExistingInfraMachine name ${dup.doc.name} is used twice (first at line ${at(first, "metadata.name").line})`,
      "give every ExistingInfraMachine a unique metadata.name",
      "metadata.name",
    );
  }
  for (const [first, dup] of duplicates(infras, (l) => l.doc.private.address)) {
    err(
      at(dup, "spec.private.address"),
      "duplicate-address",
      `private address ${dup.doc.private.address} of ${dup.doc.name} is already used by ${first.doc.name}; the controller finds a machine's Node by this address`,
      "give every machine its own spec.private.address",
      "spec.private.address",
    );
  }

  checkVersions(machines, options, at, err);

  if (!options.pool && !machines.some((mc) => mc.doc.set === "master")) {
    const first = machines[0];
    err(
      first
        ? at(first, "metadata.labels.set", "metadata.labels", "metadata")
        : { file: m.file, line: 1, col: 1 },
      "no-master",
      "no Machine is a control-plane machine: at least one needs the label `set: master`",
      "label the control-plane Machines with `set: master` under metadata.labels",
      "metadata.labels.set",
    );
  }

  checkClusterNames(machines, at, err, warn);
  return out;
}

/** Where a field of a located document is; keys are dotted paths (`metadata.labels.<label>` keeps the label whole), `""` is the document. */
type At = (l: Located<unknown>, ...keys: string[]) => { file: string; line: number; col: number };

function toPath(key: string): string[] {
  const label = "metadata.labels.";
  return key.startsWith(label) ? ["metadata", "labels", key.slice(label.length)] : key.split(".");
}
type Report = (where: ReturnType<At>, code: string, message: string, hint: string, path?: string) => void;

function checkVersions(machines: Located<MachineDoc>[], options: ValidateOptions, at: At, err: Report): void {
  const withVersion = machines.filter((mc) => mc.doc.version !== undefined);
  if (withVersion.length === 0) return;
  const reference = machines[0]!;
  const inconsistent = machines.findIndex((mc) => mc.doc.version !== reference.doc.version);
  if (inconsistent !== -1) {
    const mc = machines[inconsistent]!;
    err(
      at(mc, "spec.version", ""),
      "inconsistent-version",
      `Machine ${mc.doc.name} has spec.version ${JSON.stringify(mc.doc.version ?? null)}, but ${reference.doc.name} has ${JSON.stringify(reference.doc.version ?? null)}: every Machine must carry the same spec.version string, or none`,
      `set spec.version to ${JSON.stringify(reference.doc.version ?? "")} on every Machine (the strings must be identical: 1.20.0 is not v1.20.0)`,
      `machines[${inconsistent}].spec.version`,
    );
    return;
  }
  const version = reference.doc.version!;
  const parsed = semver.valid(semver.clean(version) ?? "");
  if (parsed === null || !semver.satisfies(parsed, options.kubernetesVersions)) {
    err(
      at(reference, "spec.version"),
      "unsupported-version",
      `Kubernetes version ${version} is ${parsed === null ? "not a version" : "not supported"}: the supported range is ${options.kubernetesVersions}`,
      `use a version in ${options.kubernetesVersions}, or change \`kubernetesVersions\` in the configuration`,
      "machines[0].spec.version",
    );
  }
}

function checkClusterNames(machines: Located<MachineDoc>[], at: At, err: Report, warn: Report): void {
  let reference: { name: string; from: Located<MachineDoc> } | undefined;
  machines.forEach((mc, i) => {
    const { clusterName, clusterNameLabel, name } = mc.doc;
    if (clusterNameLabel === undefined) {
      warn(
        at(mc, "metadata.labels", "metadata"),
        "missing-cluster-label",
        `Machine ${name} has no \`${CLUSTER_NAME_LABEL}\` label: the controller silently skips machines without it`,
        `add the label \`${CLUSTER_NAME_LABEL}: ${clusterName ?? "<cluster name>"}\` under metadata.labels`,
        `machines[${i}].metadata.labels`,
      );
    }
    if (clusterName === undefined) {
      warn(
        at(mc, "spec", ""),
        "missing-cluster-name",
        `Machine ${name} has no spec.clusterName`,
        `add \`clusterName: ${clusterNameLabel ?? "<cluster name>"}\` under spec`,
        `machines[${i}].spec.clusterName`,
      );
    }
    if (clusterName !== undefined && clusterNameLabel !== undefined && clusterName !== clusterNameLabel) {
      err(
        at(mc, `metadata.labels.${CLUSTER_NAME_LABEL}`),
        "cluster-name-mismatch",
        `Machine ${name} has label ${CLUSTER_NAME_LABEL}=${clusterNameLabel} but spec.clusterName ${clusterName}`,
        "make the label and spec.clusterName name the same cluster",
        `machines[${i}].spec.clusterName`,
      );
    }
    const own = clusterName ?? clusterNameLabel;
    if (own === undefined) return;
    if (reference === undefined) reference = { name: own, from: mc };
    else if (own !== reference.name) {
      err(
        at(mc, "spec.clusterName", `metadata.labels.${CLUSTER_NAME_LABEL}`),
        "cluster-name-mismatch",
        `Machine ${name} belongs to cluster ${own}, but ${reference.from.doc.name} belongs to ${reference.name}: one manifest describes one cluster`,
        `set the cluster name to ${reference.name}, or move this machine to its cluster's manifest`,
        `machines[${i}].spec.clusterName`,
      );
    }
  });
}

function chunkStartLines(chunks: readonly Chunk[]): number[] {
  const starts: number[] = [];
  let line = 1;
  for (const c of chunks) {
    starts.push(line);
    line += c.lineBreaks;
  }
  return starts;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): [T, T][] {
  const seen = new Map<string, T>();
  const out: [T, T][] = [];
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, item);
    else out.push([first, item]);
  }
  return out;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}
