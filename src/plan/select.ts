// Which machines a request patches, and in which order they roll: control plane first (one at a time), then
// workers, each role interleaved across failure domains so that every batch spreads its disruption.
import type { PatchRequest } from "../generated/patch-request.js";
import type { MachinePair, Manifest } from "../manifest/model.js";
import { type Refusal, refusal } from "./refusal.js";

export interface Selected {
  controlPlane: MachinePair[];
  worker: MachinePair[];
}

export type SelectResult = { ok: true; selected: Selected } | { ok: false; refusals: Refusal[] };

export function selectMachines(
  manifest: Manifest,
  request: PatchRequest,
  failureDomainLabels: readonly string[],
): SelectResult {
  const sel = request.machines ?? {};
  const names = sel.names;
  // Named machines without a role are selected whatever their role: the names already say which.
  const role = sel.role ?? (names !== undefined ? "all" : "worker");
  const refusals: Refusal[] = [];
  const byName = new Map(manifest.machines.map((m) => [m.name, m]));
  for (const [i, name] of (names ?? []).entries()) {
    const m = byName.get(name);
    if (m === undefined) {
      refusals.push(
        refusal(
          "unknown-machine",
          `machine "${name}" is not in ${manifest.file}`,
          "use a Machine's metadata.name",
          {
            path: ["machines", "names", i],
          },
        ),
      );
    } else if (role !== "all" && m.role !== role) {
      refusals.push(
        refusal(
          "role-mismatch",
          `machine "${name}" is a ${m.role} machine, but the request selects role ${role}`,
          `set machines.role to ${m.role} or all, or drop the name`,
          { path: ["machines", "names", i], machine: name },
        ),
      );
    }
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const wanted = names === undefined ? undefined : new Set(names);
  const labels = Object.entries(sel.labels ?? {});
  const picked = manifest.machines.filter(
    (m) =>
      (role === "all" || m.role === role) &&
      (wanted === undefined || wanted.has(m.name)) &&
      labels.every(([k, v]) => m.labels[k] === v),
  );
  if (picked.length === 0) {
    return {
      ok: false,
      refusals: [
        refusal(
          "nothing-selected",
          `no machine in ${manifest.file} matches the request's selection (role ${role}${labels.length > 0 ? `, labels ${labels.map(([k, v]) => `${k}=${v}`).join(", ")}` : ""})`,
          "check machines.role, machines.names and machines.labels against the manifest",
          { path: ["machines"] },
        ),
      ],
    };
  }
  return {
    ok: true,
    selected: {
      controlPlane: spreadAcrossDomains(
        picked.filter((m) => m.role === "control-plane"),
        failureDomainLabels,
      ),
      worker: spreadAcrossDomains(
        picked.filter((m) => m.role === "worker"),
        failureDomainLabels,
      ),
    },
  };
}

/** The machine's failure domain: the values of the configured labels it carries, or undefined if none. */
export function failureDomainOf(m: MachinePair, labels: readonly string[]): string | undefined {
  const parts = labels.flatMap((l) => (m.labels[l] === undefined ? [] : [`${l}=${m.labels[l]}`]));
  return parts.length === 0 ? undefined : parts.join(",");
}

/**
 * Round-robin across domains (sorted by name, machines in manifest order within a domain), so any run of
 * consecutive machines, and therefore any batch, takes as few as possible from each domain.
 * Machines without a domain label form one group of their own.
 */
export function spreadAcrossDomains(
  machines: readonly MachinePair[],
  labels: readonly string[],
): MachinePair[] {
  const groups = new Map<string, MachinePair[]>();
  for (const m of machines) {
    const key = failureDomainOf(m, labels) ?? "";
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  if (groups.size <= 1) return [...machines];
  const ordered = [...groups.keys()].sort(byCodeUnits).map((k) => groups.get(k) ?? []);
  const out: MachinePair[] = [];
  for (let i = 0; out.length < machines.length; i++) {
    for (const group of ordered) {
      const m = group[i];
      if (m !== undefined) out.push(m);
    }
  }
  return out;
}

/** Locale-independent ordering: the same plan on every machine. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
