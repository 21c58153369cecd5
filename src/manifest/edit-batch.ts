// Several edits of one manifest in one pass. The single edits (edit.ts) each rebuild and check the whole
// manifest, so a phase of hundreds of machines cost O(machines x manifest); here the text changes are made on
// a linked list of chunks with name and address indexes (draft.ts, draft-edits.ts), each chunk an edit
// creates is read once (as the single edit reads it; an added pair the batch wrote itself is read from what
// it wrote, see template-cache.ts), and the manifest is rebuilt once, and validated once when pairs were
// added. The result is, byte for byte, what
// the single edits give one at a time: each step takes their decisions (templates, placement, cheap checks;
// removing a control-plane machine is validated then and there, as removeMachine does), and whenever a step
// would be refused or sent through the full validator by the single edit, the whole batch is applied one
// edit at a time instead, so refusals and their messages are exactly theirs.
import { diagnostic } from "./diagnostics.js";
import { build, type Draft, draftOf } from "./draft.js";
import { addNew, addSpare, annotate, remove } from "./draft-edits.js";
import {
  addMachine,
  addMachineFromPool,
  clearTaints,
  type EditResult,
  removeMachine,
  setTaints,
} from "./edit.js";
import type { Diagnostic, Manifest, NewMachine, Taint } from "./model.js";
import { validateManifest } from "./validate.js";

export type ManifestEdit =
  | { kind: "add"; machine: NewMachine }
  | { kind: "add-from-pool"; name: string }
  | { kind: "remove"; name: string }
  | { kind: "set-taints"; name: string; taints: Taint[] }
  | { kind: "clear-taints"; name: string };

export type BatchResult =
  | { ok: true; manifest: Manifest; pool?: Manifest }
  | { ok: false; diagnostics: Diagnostic[] };

/** Applies `edits` in order to `m` (and, for `add-from-pool`, to `pool`): all of them, or a refusal. */
export function applyEdits(m: Manifest, edits: readonly ManifestEdit[], pool?: Manifest): BatchResult {
  return applyDrafted(m, edits, pool) ?? applyEditsOneByOne(m, edits, pool);
}

/** The reference: the single edits, one at a time; the first refusal is the answer. */
export function applyEditsOneByOne(
  m: Manifest,
  edits: readonly ManifestEdit[],
  pool?: Manifest,
): BatchResult {
  let manifest = m;
  let spares = pool;
  for (const e of edits) {
    let r: EditResult;
    if (e.kind === "add-from-pool") {
      if (spares === undefined) return noPool(m, e.name);
      const moved = addMachineFromPool(manifest, spares, e.name);
      if (moved.ok) spares = moved.pool;
      r = moved;
    } else if (e.kind === "add") r = addMachine(manifest, e.machine);
    else if (e.kind === "remove") r = removeMachine(manifest, e.name);
    else if (e.kind === "set-taints") r = setTaints(manifest, e.name, e.taints);
    else r = clearTaints(manifest, e.name);
    if (!r.ok) return r;
    manifest = r.manifest;
  }
  return spares === undefined ? { ok: true, manifest } : { ok: true, manifest, pool: spares };
}

/** The batch on drafts, or undefined when it has to go one edit at a time. */
function applyDrafted(m: Manifest, edits: readonly ManifestEdit[], pool?: Manifest): BatchResult | undefined {
  const main = draftOf(m);
  const spares = pool === undefined ? undefined : draftOf(pool);
  if (main === undefined || (pool !== undefined && spares === undefined)) return undefined;
  for (const e of edits) {
    const done =
      e.kind === "add"
        ? addNew(main, e.machine)
        : e.kind === "add-from-pool"
          ? spares !== undefined && addSpare(main, spares, e.name)
          : e.kind === "remove"
            ? remove(main, e.name)
            : annotate(main, e.name, e.kind === "set-taints" ? e.taints : []);
    if (!done) return undefined;
  }
  const manifest = finish(main, main.base.rules);
  if (manifest === undefined) return undefined;
  if (pool === undefined || spares === undefined) return { ok: true, manifest };
  const rest = finish(spares, { ...pool.rules, pool: true });
  return rest === undefined ? undefined : { ok: true, manifest, pool: rest };
}

/**
 * One rebuild of the whole result, and one validation when the batch added pairs. The single edits never
 * validate after an annotation-only edit or a worker's removal (a control-plane removal was validated when
 * it was made), so neither does the batch; the validation of adds is a second look on top of their cheap
 * checks. Any error sends the batch one edit at a time.
 */
function finish(d: Draft, rules: Manifest["rules"]): Manifest | undefined {
  if (!d.changed) return d.base;
  const next = build(d, d.base.rules);
  if (!d.check) return next;
  const problems = validateManifest(next, rules).filter((x) => x.severity === "error");
  return problems.length > 0 ? undefined : next;
}

function noPool(m: Manifest, name: string): { ok: false; diagnostics: Diagnostic[] } {
  const where = { file: m.file, line: 1, col: 1 };
  const message = `cannot add ${name} from the pool: no pool manifest was given`;
  return {
    ok: false,
    diagnostics: [diagnostic("error", "no-pool", where, message, "pass the pool manifest with the edits")],
  };
}
