// From ordered machines and batch sizes to waves of add / taint / remove (replace) or taint / untaint
// (in-place). The replace schedule is Cluster API's rolling update played out in single-kind phases.
import type { NewMachine, Role } from "../generated/plan.js";

export type PhaseKind = "add" | "taint" | "untaint" | "remove";

export interface WaveStep {
  kind: PhaseKind;
  machines: string[];
}

export interface WaveSpec {
  role: Role;
  /** Existing machines patched (tainted) in this wave. */
  machines: string[];
  /** New machines added in this wave. */
  added: NewMachine[];
  steps: WaveStep[];
}

/**
 * Greedy, per wave: add as many new machines as the surge allows, taint as many old machines as keeps
 * available ≥ initial − maxUnavailable (counting the new ones, Ready by then), remove what was tainted.
 * With maxSurge 0 the first wave removes before anything is added and the last one only adds: exactly
 * what Cluster API does, and never more machines than initial + maxSurge.
 */
export function replaceWaves(
  role: Role,
  old: readonly string[],
  news: readonly NewMachine[],
  maxSurge: number,
  maxUnavailable: number,
): WaveSpec[] {
  if (maxSurge + maxUnavailable <= 0)
    throw new Error("replaceWaves: maxSurge and maxUnavailable are both zero");
  const waves: WaveSpec[] = [];
  // Relative to the role's initial count: how many machines exist beyond it, and how many available ones
  // are missing (negative when new machines are Ready before old ones are tainted).
  let extra = 0;
  let missing = 0;
  let nextOld = 0;
  let nextNew = 0;
  while (nextOld < old.length || nextNew < news.length) {
    const add = Math.min(news.length - nextNew, maxSurge - extra);
    const added = news.slice(nextNew, nextNew + Math.max(0, add));
    nextNew += added.length;
    extra += added.length;
    missing -= added.length;
    const taint = Math.min(old.length - nextOld, maxUnavailable - missing);
    const tainted = old.slice(nextOld, nextOld + Math.max(0, taint));
    nextOld += tainted.length;
    // Tainted, they are missing from the available ones; removed, they are gone from the total too.
    missing += tainted.length;
    extra -= tainted.length;
    const steps: WaveStep[] = [];
    if (added.length > 0) steps.push({ kind: "add", machines: added.map((n) => n.name) });
    if (tainted.length > 0) {
      steps.push({ kind: "taint", machines: tainted }, { kind: "remove", machines: tainted });
    }
    if (steps.length === 0) throw new Error("replaceWaves: no progress (budget exhausted)");
    waves.push({ role, machines: tainted, added, steps });
  }
  return waves;
}

export function inPlaceWaves(role: Role, old: readonly string[], batch: number): WaveSpec[] {
  if (batch <= 0) throw new Error("inPlaceWaves: batch must be positive");
  const waves: WaveSpec[] = [];
  for (let i = 0; i < old.length; i += batch) {
    const machines = old.slice(i, i + batch);
    waves.push({
      role,
      machines,
      added: [],
      steps: [
        { kind: "taint", machines },
        { kind: "untaint", machines },
      ],
    });
  }
  return waves;
}
