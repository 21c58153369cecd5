// The whole model of a manifest's machine pairs, as plain data to compare: what a generated manifest
// declares, what the parser reads, and the model edits (taint, untaint, add, remove) that the text edits must
// agree with. Chunk positions are left out: they say where a pair is, not what it is.
import type { MachinePair, Manifest, NewMachine, Taint } from "../../src/manifest/index.js";
import { CLUSTER_NAME_LABEL, DEFAULT_TAINT_ANNOTATION } from "../../src/manifest/index.js";
import type { GenManifest } from "./arbitraries.js";

/** A pair without its chunk indexes; the bot's taint annotation is read as JSON, so its spelling is free. */
export type PairView = Omit<MachinePair, "machineChunk" | "infraChunk" | "annotations" | "taints"> & {
  annotations: Record<string, unknown>;
  taints: Taint[];
};

export function viewOf(m: Manifest): PairView[] {
  return m.machines.map(({ machineChunk: _m, infraChunk: _i, annotations, taints, labels, ...rest }) => ({
    ...rest,
    labels: { ...labels },
    annotations: Object.fromEntries(
      Object.entries(annotations).map(([k, v]) => [k, k === m.taintAnnotation ? JSON.parse(v) : v]),
    ),
    taints: [...taints],
  }));
}

/** What the generated manifest declares, written down from the generator's choices rather than parsed. */
export function declared(gen: GenManifest): PairView[] {
  const c = gen.cluster;
  return gen.machines.map((m) => {
    const set = m.master ? "master" : m.workerSet;
    const labels: Record<string, string> = {
      ...(set === undefined ? {} : { set }),
      ...(c.where === "spec" ? {} : { [CLUSTER_NAME_LABEL]: c.name }),
      ...m.labels,
    };
    const v: PairView = {
      name: m.name,
      infraName: m.infraName,
      role: m.master ? "control-plane" : "worker",
      private:
        m.privatePort === undefined ? { address: m.address } : { address: m.address, port: m.privatePort },
      labels,
      annotations: m.otherAnnotation ? { "example.com/owner": "team-a" } : {},
      taints: [],
    };
    if (m.namespace !== undefined) v.namespace = m.namespace;
    if (set !== undefined) v.set = set;
    if (c.where !== "label") v.clusterName = c.name;
    if (c.where !== "spec") v.clusterNameLabel = c.name;
    if (c.version !== undefined) v.version = c.version;
    if (m.public !== undefined) v.public = { ...m.public };
    return v;
  });
}

/** The model of recording `taints` (none: clearing them) on the machine `name`. */
export function taintModel(view: PairView[], name: string, taints: readonly Taint[]): PairView[] {
  return view.map((p) => {
    if (p.name !== name) return p;
    const { [DEFAULT_TAINT_ANNOTATION]: _old, ...annotations } = p.annotations;
    const recorded = taints.map((t) =>
      t.value === undefined
        ? { key: t.key, effect: t.effect }
        : { key: t.key, value: t.value, effect: t.effect },
    );
    return {
      ...p,
      annotations:
        taints.length === 0 ? annotations : { ...annotations, [DEFAULT_TAINT_ANNOTATION]: recorded },
      taints: recorded,
    };
  });
}

export function removeModel(view: PairView[], name: string): PairView[] {
  return view.filter((p) => p.name !== name);
}

/**
 * The model of adding `machine`: the last machine of its role (else the last machine) is the template, whose
 * namespace, labels, cluster name and version the new pair copies, with its own `set` label, names, addresses
 * and ports, and none of the template's annotations, taints or public endpoint unless given.
 */
export function addModel(view: PairView[], machine: NewMachine): PairView[] {
  const template = [...view].reverse().find((p) => p.role === machine.role) ?? view[view.length - 1];
  if (template === undefined) throw new Error("no template machine");
  const suffix = template.infraName.startsWith(template.name)
    ? template.infraName.slice(template.name.length)
    : "";
  const set =
    machine.role === "control-plane"
      ? "master"
      : template.role === "worker" && template.set !== undefined
        ? template.set
        : "worker";
  const port = machine.privatePort ?? template.private.port;
  const added: PairView = {
    name: machine.name,
    infraName: machine.infraName ?? `${machine.name}${suffix}`,
    role: machine.role,
    set,
    private:
      port === undefined ? { address: machine.privateAddress } : { address: machine.privateAddress, port },
    labels: { ...template.labels, set, ...machine.labels },
    annotations: {},
    taints: [],
  };
  for (const key of ["namespace", "clusterName", "clusterNameLabel", "version"] as const) {
    const value = template[key];
    if (value !== undefined) added[key] = value;
  }
  if (machine.publicAddress !== undefined)
    added.public =
      machine.publicPort === undefined
        ? { address: machine.publicAddress }
        : { address: machine.publicAddress, port: machine.publicPort };
  return [...view, added];
}
