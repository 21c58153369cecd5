// The taints the agent applies come from the Machine objects the GitOps reconciler applied, not from git:
// until the reconciler has applied a commit, its taints are not the cluster's business yet. Pure: the head's
// manifest and the served Machines in, the manifest the actuator should act on (the served taints on each
// pair) and plain-words notes out. The gate is still judged on the head's own manifest, so a reconciler that
// lags keeps the gate waiting rather than passing it on stale objects.
import type { MachineView, Taint } from "../cluster/index.js";
import type { MachinePair, Manifest } from "../manifest/index.js";
import { validateTaints } from "../manifest/schema.js";

export interface ServedTaints {
  /** The head's manifest with each machine's taints (and annotations) as its Machine object carries them. */
  manifest: Manifest;
  notes: string[];
}

export function withServedTaints(
  manifest: Manifest,
  served: readonly MachineView[],
  headLabel: string,
): ServedTaints {
  const key = manifest.taintAnnotation;
  const notes: string[] = [];
  const machines = manifest.machines.map((pair): MachinePair => {
    const object = servedFor(pair, served);
    if (object === "ambiguous") {
      notes.push(
        `Machine ${pair.name}: served in several namespaces and the manifest names none; applying no taint to it`,
      );
      return { ...pair, taints: [] };
    }
    if (object === undefined) {
      if (pair.taints.length > 0)
        notes.push(
          `Machine ${pair.name}: not applied to the cluster yet (${headLabel}); applying no taint to it`,
        );
      return { ...pair, taints: [] };
    }
    const taints = readTaints(object.annotations[key]);
    if (typeof taints === "string") {
      notes.push(`Machine ${object.namespace}/${object.name}: ${taints}; applying no taint to it`);
      return { ...pair, taints: [] };
    }
    if (!sameTaints(taints, pair.taints))
      notes.push(
        `Machine ${object.namespace}/${object.name}: the cluster still serves taints that differ from ${headLabel} (the reconciler has not applied it yet); applying the served ones`,
      );
    return { ...pair, annotations: { ...object.annotations }, taints };
  });
  return { manifest: { ...manifest, machines }, notes };
}

function servedFor(pair: MachinePair, served: readonly MachineView[]): MachineView | "ambiguous" | undefined {
  const named = served.filter((m) => m.name === pair.name);
  if (pair.namespace !== undefined) return named.find((m) => m.namespace === pair.namespace);
  if (named.length > 1) return "ambiguous";
  return named[0];
}

function readTaints(raw: string | undefined): Taint[] | string {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return "the taint annotation is not valid JSON";
  }
  if (!validateTaints(parsed)) return "the taint annotation is not a list of taints";
  return parsed.map((t) =>
    t.value === undefined
      ? { key: t.key, effect: t.effect }
      : { key: t.key, value: t.value, effect: t.effect },
  );
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  const text = (list: readonly Taint[]) =>
    list
      .map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`)
      .sort()
      .join("\n");
  return text(a) === text(b);
}
