// The manifest text after each phase, produced from the previous one by the manifest layer's minimal-diff
// edits: a phase PR's diff touches only the machines it names. An `add` from the pool moves each spare out
// of the pool file in the same commit, so the pool text is tracked alongside.
import type { Phase, Plan } from "../generated/plan.js";
import {
  addMachine,
  addMachineFromPool,
  clearTaints,
  type EditResult,
  removeMachine,
  serializeManifest,
  setTaints,
} from "../manifest/index.js";
import type { Diagnostic, Manifest, NewMachine, Taint } from "../manifest/model.js";

export interface PhaseText {
  index: number;
  /** The manifest once the phase is merged. */
  manifest: string;
  /** The pool file once the phase is merged, for `add` phases that take spares from it. */
  pool?: string;
}

export type PhaseTextsResult =
  | { ok: true; texts: PhaseText[]; final: Manifest; finalPool?: Manifest }
  | { ok: false; phase: number; diagnostics: Diagnostic[] };

/** The manifest and the pool between phases. */
export interface PhaseState {
  manifest: Manifest;
  pool: Manifest | undefined;
}

export interface PhaseTextOptions {
  /**
   * Apply a taint or untaint phase's annotation edits together (default true). Each edit still goes through
   * the manifest layer, on the machine's own two documents; false applies each to the whole manifest.
   */
  batchAnnotations?: boolean;
}

export function renderPhaseTexts(
  plan: Plan,
  manifest: Manifest,
  pool?: Manifest,
  options: PhaseTextOptions = {},
): PhaseTextsResult {
  let state: PhaseState = { manifest, pool };
  const texts: PhaseText[] = [];
  for (const phase of plan.phases) {
    const next = applyPhase(plan, phase, state, options);
    if (!next.ok) return { ok: false, phase: phase.index, diagnostics: next.diagnostics };
    const text: PhaseText = { index: phase.index, manifest: serializeManifest(next.state.manifest) };
    if (phase.kind === "add" && next.state.pool !== state.pool && next.state.pool !== undefined) {
      text.pool = serializeManifest(next.state.pool);
    }
    texts.push(text);
    state = next.state;
  }
  const out: PhaseTextsResult = { ok: true, texts, final: state.manifest };
  if (state.pool !== undefined) out.finalPool = state.pool;
  return out;
}

/** One phase's edits, machine by machine; the first refusal stops the phase (nothing half-applied escapes). */
export function applyPhase(
  plan: Plan,
  phase: Phase,
  state: PhaseState,
  options: PhaseTextOptions = {},
): { ok: true; state: PhaseState } | { ok: false; diagnostics: Diagnostic[] } {
  let { manifest, pool } = state;
  const taintsOf = new Map(manifest.machines.map((m) => [m.name, m.taints]));
  if ((phase.kind === "taint" || phase.kind === "untaint") && options.batchAnnotations !== false) {
    const edits = phase.machines.map((name) => {
      const current = taintsOf.get(name) ?? [];
      // Only the taint this rollout added comes off: anything else recorded there stays.
      const taints =
        phase.kind === "taint" ? [...current, plan.taint] : current.filter((t) => !isOurs(t, plan.taint));
      return { name, taints };
    });
    const result = editAnnotations(manifest, edits);
    return result.ok ? { ok: true, state: { manifest: result.manifest, pool } } : result;
  }
  const replacements = new Map(plan.replacements.map((r) => [r.name, r]));
  for (const name of phase.machines) {
    let result: EditResult;
    if (phase.kind === "add") {
      const r = replacements.get(name);
      if (r === undefined)
        return refused(manifest, `phase ${phase.index} adds ${name}, which the plan does not list`);
      if (r.source === "pool") {
        if (pool === undefined)
          return refused(manifest, `phase ${phase.index} takes ${name} from the pool, but no pool was given`);
        const moved = addMachineFromPool(manifest, pool, name);
        if (!moved.ok) return moved;
        pool = moved.pool;
        result = { ok: true, manifest: moved.manifest };
      } else {
        result = addMachine(manifest, toNewMachine(r));
      }
    } else if (phase.kind === "taint") {
      result = setTaints(manifest, name, [...(taintsOf.get(name) ?? []), plan.taint]);
    } else if (phase.kind === "untaint") {
      // Only the taint this rollout added comes off: anything else recorded there stays.
      const rest = (taintsOf.get(name) ?? []).filter((t) => !isOurs(t, plan.taint));
      result = rest.length > 0 ? setTaints(manifest, name, rest) : clearTaints(manifest, name);
    } else {
      result = removeMachine(manifest, name);
    }
    if (!result.ok) return result;
    manifest = result.manifest;
  }
  return { ok: true, state: { manifest, pool } };
}

/**
 * Annotation edits change only the Machine's own document, so each is made by the manifest layer on a
 * manifest of just that pair and the new document put in place: one pass instead of one per machine.
 * Names, addresses and pairing do not change, so the rules checked across machines still hold.
 */
function editAnnotations(
  m: Manifest,
  edits: readonly { name: string; taints: readonly Taint[] }[],
): EditResult {
  const index = new Map(m.machines.map((p, i) => [p.name, i]));
  const chunks = [...m.chunks];
  const machines = [...m.machines];
  for (const { name, taints } of edits) {
    const i = index.get(name);
    const pair = i === undefined ? undefined : machines[i];
    const machineChunk = pair === undefined ? undefined : chunks[pair.machineChunk];
    const infraChunk = pair === undefined ? undefined : chunks[pair.infraChunk];
    if (i === undefined || pair === undefined || machineChunk === undefined || infraChunk === undefined) {
      // Let the manifest layer say what is wrong with the name.
      return taints.length > 0 ? setTaints(m, name, taints) : clearTaints(m, name);
    }
    const single: Manifest = {
      ...m,
      chunks: [machineChunk, infraChunk],
      machines: [{ ...pair, machineChunk: 0, infraChunk: 1 }],
      layout: "interleaved",
      // A worker's pair alone has no control plane, as a pool file has none.
      rules: { ...m.rules, pool: true },
    };
    const edited = taints.length > 0 ? setTaints(single, name, taints) : clearTaints(single, name);
    if (!edited.ok) return edited;
    const [chunk] = edited.manifest.chunks;
    const [updated] = edited.manifest.machines;
    if (chunk === undefined || updated === undefined) return setTaints(m, name, taints);
    chunks[pair.machineChunk] = chunk;
    machines[i] = { ...updated, machineChunk: pair.machineChunk, infraChunk: pair.infraChunk };
  }
  return { ok: true, manifest: { ...m, chunks, machines } };
}

function isOurs(t: Taint, ours: Plan["taint"]): boolean {
  return t.key === ours.key && t.value === ours.value && t.effect === ours.effect;
}

function toNewMachine(r: Plan["replacements"][number]): NewMachine {
  const n: NewMachine = { name: r.name, role: r.role, privateAddress: r.privateAddress };
  if (r.infraName !== undefined) n.infraName = r.infraName;
  if (r.privatePort !== undefined) n.privatePort = r.privatePort;
  if (r.publicAddress !== undefined) n.publicAddress = r.publicAddress;
  if (r.publicPort !== undefined) n.publicPort = r.publicPort;
  return n;
}

function refused(m: Manifest, message: string): { ok: false; diagnostics: Diagnostic[] } {
  return {
    ok: false,
    diagnostics: [
      {
        severity: "error",
        code: "plan-mismatch",
        file: m.file,
        line: 1,
        col: 1,
        message,
        hint: "re-plan from the current manifest",
      },
    ],
  };
}
