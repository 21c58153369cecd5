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

interface State {
  manifest: Manifest;
  pool: Manifest | undefined;
}

export function renderPhaseTexts(plan: Plan, manifest: Manifest, pool?: Manifest): PhaseTextsResult {
  let state: State = { manifest, pool };
  const texts: PhaseText[] = [];
  for (const phase of plan.phases) {
    const next = applyPhase(plan, phase, state);
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
  state: State,
): { ok: true; state: State } | { ok: false; diagnostics: Diagnostic[] } {
  let { manifest, pool } = state;
  const taintsOf = new Map(manifest.machines.map((m) => [m.name, m.taints]));
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
