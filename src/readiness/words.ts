// Plain-word renderings shared by the gate's conditions and summaries.
import type { NodeTaint } from "../generated/cluster-snapshot.js";
import type { LabelSelector } from "../generated/readiness.js";

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function taintText(t: NodeTaint): string {
  return `${t.key}${t.value === undefined || t.value === "" ? "" : `=${t.value}`}:${t.effect}`;
}

/** A selector as kubectl writes one: `app=web,tier in (a,b),!legacy`. */
export function selectorText(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

/** `1h 5m`, `4m 30s`, `0s`: whole seconds, largest units first. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 ? `${s}s` : ""].filter((p) => p !== "");
  return parts.length === 0 ? "0s" : parts.join(" ");
}

/** Kubelet reports `v1.20.5`; the manifest's `spec.version` may be written `1.20.5`. */
export function sameKubernetesVersion(kubelet: string, manifest: string): boolean {
  const bare = (v: string) => v.trim().replace(/^v/, "");
  return bare(kubelet) === bare(manifest);
}
