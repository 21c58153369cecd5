// The manifest text after each phase, produced from the previous one by the manifest layer's minimal-diff
// edits: a phase PR's diff touches only the machines it names. An `add` from the pool moves each spare out
// of the pool file in the same commit, so the pool text is tracked alongside.
import type { Phase, Plan } from "../generated/plan.js";
import { applyEdits, applyEditsOneByOne, type ManifestEdit, serializeManifest } from "../manifest/index.js";
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
   * Apply each phase's edits as one batch (default true). False applies them one at a time with the single
   * edits, each rebuilding and checking the whole manifest: the reference the batch equals byte for byte.
   * (The name predates batching of adds and removals; it covers every kind of phase.)
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

/** One phase's edits, applied as one batch: all of them, or the first refusal (nothing half-applied escapes). */
export function applyPhase(
  plan: Plan,
  phase: Phase,
  state: PhaseState,
  options: PhaseTextOptions = {},
): { ok: true; state: PhaseState } | { ok: false; diagnostics: Diagnostic[] } {
  const { manifest, pool } = state;
  const planned = phaseEdits(plan, phase, state);
  const apply = options.batchAnnotations === false ? applyEditsOneByOne : applyEdits;
  const result = apply(manifest, planned.edits, pool);
  if (!result.ok) return result;
  // The edits before a machine the plan cannot account for are checked first, as one at a time would.
  if (planned.mismatch !== undefined) return refused(manifest, planned.mismatch);
  return { ok: true, state: { manifest: result.manifest, pool: result.pool ?? pool } };
}

/** The manifest edits a phase stands for, up to the first machine the plan cannot account for. */
function phaseEdits(
  plan: Plan,
  phase: Phase,
  state: PhaseState,
): { edits: ManifestEdit[]; mismatch?: string } {
  // Each phase needs one of the two lookups; a plan has tens of phases over thousands of machines.
  const taintsOf =
    phase.kind === "taint" || phase.kind === "untaint"
      ? new Map(state.manifest.machines.map((m) => [m.name, m.taints]))
      : new Map<string, readonly Taint[]>();
  const replacements =
    phase.kind === "add" ? new Map(plan.replacements.map((r) => [r.name, r])) : new Map<string, never>();
  const edits: ManifestEdit[] = [];
  for (const name of phase.machines) {
    if (phase.kind === "add") {
      const r = replacements.get(name);
      if (r === undefined)
        return { edits, mismatch: `phase ${phase.index} adds ${name}, which the plan does not list` };
      if (r.source !== "pool") edits.push({ kind: "add", machine: toNewMachine(r) });
      else if (state.pool === undefined)
        return { edits, mismatch: `phase ${phase.index} takes ${name} from the pool, but no pool was given` };
      else edits.push({ kind: "add-from-pool", name });
    } else if (phase.kind === "taint") {
      edits.push({ kind: "set-taints", name, taints: [...(taintsOf.get(name) ?? []), plan.taint] });
    } else if (phase.kind === "untaint") {
      // Only the taint this rollout added comes off: anything else recorded there stays.
      const rest = (taintsOf.get(name) ?? []).filter((t) => !isOurs(t, plan.taint));
      edits.push(
        rest.length > 0 ? { kind: "set-taints", name, taints: rest } : { kind: "clear-taints", name },
      );
    } else {
      edits.push({ kind: "remove", name });
    }
  }
  return { edits };
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
