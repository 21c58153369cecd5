// Test manifests written as real YAML and parsed by the manifest layer, so the planner sees what it sees in use.
import { parseManifest } from "../../src/manifest/index.js";
import type { Manifest, Role, Taint } from "../../src/manifest/model.js";

export interface MachineSpec {
  role?: Role;
  address?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  clusterName?: string;
}

export function machineYaml(name: string, spec: MachineSpec, i: number): string {
  const role = spec.role ?? "worker";
  const labels = { set: role === "control-plane" ? "master" : "worker", ...spec.labels };
  const cluster = spec.clusterName ?? "example";
  const annotations =
    spec.taints === undefined
      ? ""
      : `  annotations:\n    node-patch-bot.dev/taints: '${JSON.stringify(spec.taints)}'\n`;
  return [
    "---",
    "apiVersion: cluster.x-k8s.io/v1alpha3",
    "kind: Machine",
    "metadata:",
    `  name: ${name}`,
    "  labels:",
    ...Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`),
    `    cluster.x-k8s.io/cluster-name: ${cluster}`,
    `${annotations}spec:`,
    `  clusterName: ${cluster}`,
    "  bootstrap: {}",
    "  version: 1.18.15",
    "  infrastructureRef:",
    "    apiVersion: cluster.weave.works/v1alpha3",
    "    kind: ExistingInfraMachine",
    `    name: ${name}`,
    "---",
    "apiVersion: cluster.weave.works/v1alpha3",
    "kind: ExistingInfraMachine",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  private:",
    `    address: ${spec.address ?? `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`}`,
    "    port: 22",
    "",
  ]
    .join("\n")
    .replace("\n\nspec:", "\nspec:");
}

export function manifestYaml(specs: Record<string, MachineSpec>): string {
  return Object.entries(specs)
    .map(([name, spec], i) => machineYaml(name, spec, i))
    .join("");
}

export function parsed(text: string, file = "setup/machines.yaml", pool = false): Manifest {
  const r = parseManifest(text, { file, pool });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return r.manifest;
}

export function manifestOf(specs: Record<string, MachineSpec>, file = "setup/machines.yaml"): Manifest {
  return parsed(manifestYaml(specs), file);
}

export function clusterSpecs(
  masters: number,
  workers: number,
  extra: (name: string, i: number) => MachineSpec = () => ({}),
): Record<string, MachineSpec> {
  const specs: Record<string, MachineSpec> = {};
  for (let i = 1; i <= masters; i++)
    specs[`master-${i}`] = { role: "control-plane", ...extra(`master-${i}`, i) };
  for (let i = 1; i <= workers; i++) specs[`worker-${i}`] = { role: "worker", ...extra(`worker-${i}`, i) };
  return specs;
}

/** `cluster(3, 5)`: masters master-1..3, workers worker-1..5. */
export function cluster(
  masters: number,
  workers: number,
  extra?: (name: string, i: number) => MachineSpec,
): Manifest {
  return manifestOf(clusterSpecs(masters, workers, extra));
}

export function newMachines(
  prefix: string,
  n: number,
  net = "10.9",
): { name: string; privateAddress: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}-${i + 1}`,
    privateAddress: `${net}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  }));
}
