// Edits of the Machines manifest. Each returns a new manifest whose bytes differ from the old one only in
// the lines the edit had to change, or refuses (changing nothing) when the result would be invalid.
import {
  leadingComments,
  newChunk,
  PENDING,
  pending,
  placedAfter,
  rejoin,
  stripMarker,
} from "./chunk-text.js";
import { diagnostic } from "./diagnostics.js";
import { addedPairFits, annotatedChunk, readContext, sameIdentity, taintEdit } from "./edit-checks.js";
import type {
  Chunk,
  Diagnostic,
  InfraDoc,
  MachineDoc,
  MachinePair,
  Manifest,
  NewMachine,
  Taint,
} from "./model.js";
import { newPairBodies } from "./new-pair.js";
import { buildManifest, pairOf } from "./parse.js";
import { readChunk } from "./read-chunk.js";
import { validateManifest } from "./validate.js";

export type EditResult = { ok: true; manifest: Manifest } | { ok: false; diagnostics: Diagnostic[] };

/** Records `taints` in the bot's annotation on the Machine `name` (an empty list clears it). */
export function setTaints(m: Manifest, name: string, taints: readonly Taint[]): EditResult {
  return editMachineText(m, name, taints);
}

/** Removes the bot's taint annotation from the Machine `name`. */
export function clearTaints(m: Manifest, name: string): EditResult {
  return editMachineText(m, name, []);
}

/** Removes the Machine `name` and its ExistingInfraMachine together. */
export function removeMachine(m: Manifest, name: string): EditResult {
  const pair = find(m, name);
  if (typeof pair !== "object") return pair === undefined ? unknown(m, name) : refuse(m, pair, "");
  const chunks = m.chunks.flatMap((c, i): Chunk[] => {
    if (i !== pair.machineChunk && i !== pair.infraChunk) return [c];
    // The first document's leading comments are the file's header: keep them.
    const header = i === 0 ? leadingComments(c.text) : "";
    return header === "" ? [] : [pending(header)];
  });
  // Removing a worker cannot break a rule of a valid manifest; removing a control-plane machine can (the last master).
  return finish(m, rejoin(chunks, m.lineEnding), pair.role === "control-plane" ? "full" : "none");
}

/** Adds a machine pair, copying conventions (labels, cluster name, namespace, version, quoting) from the last machine of the same role. */
export function addMachine(m: Manifest, machine: NewMachine): EditResult {
  const template =
    [...m.machines].reverse().find((p) => p.role === machine.role) ?? m.machines[m.machines.length - 1];
  if (template === undefined) {
    return {
      ok: false,
      diagnostics: [
        diagnostic(
          "error",
          "no-template",
          { file: m.file, line: 1, col: 1 },
          `cannot add ${machine.name}: the manifest has no machine to copy conventions from`,
          "add the first machine by hand",
        ),
      ],
    };
  }
  const bodies = newPairBodies(
    template,
    m.chunks[template.machineChunk]!.text,
    m.chunks[template.infraChunk]!.text,
    machine,
  );
  return insertPair(m, bodies.machine, bodies.infra);
}

/** Moves the spare `name` from the pool manifest into `m`, verbatim: both results, or a refusal. */
export function addMachineFromPool(
  m: Manifest,
  pool: Manifest,
  name: string,
): { ok: true; manifest: Manifest; pool: Manifest } | { ok: false; diagnostics: Diagnostic[] } {
  const spare = find(pool, name);
  if (typeof spare !== "object") return spare === undefined ? unknown(pool, name) : refuse(pool, spare, "");
  const body = (i: number) => stripMarker(pool.chunks[i]!.text);
  const added = insertPair(m, body(spare.machineChunk), body(spare.infraChunk));
  if (!added.ok) return added;
  const removed = removeMachine(pool, name);
  if (!removed.ok) return removed;
  return { ok: true, manifest: added.manifest, pool: removed.manifest };
}

function insertPair(m: Manifest, machineBody: string, infraBody: string): EditResult {
  const eol = m.lineEnding;
  const asChunk = (body: string): Chunk => newChunk(body, eol);
  const chunks = [...m.chunks];
  // New chunks are "empty" until re-read, so they never count as the last Machine or infrastructure object.
  const lastOf = (kind: Chunk["kind"]) => chunks.map((c) => c.kind).lastIndexOf(kind);
  const lastInfra = lastOf("ExistingInfraMachine");
  const insert = (at: number, c: Chunk) => {
    chunks.splice(at, 0, placedAfter(chunks[at - 1], c, eol));
  };
  if (m.layout === "interleaved") {
    insert(lastInfra + 1, asChunk(machineBody));
    insert(lastInfra + 2, asChunk(infraBody));
  } else {
    insert(lastInfra + 1, asChunk(infraBody));
    insert(lastOf("Machine") + 1, asChunk(machineBody));
  }
  return finish(m, chunks, "added");
}

/** Records `taints` (empty: clears them) on the Machine `name`. */
function editMachineText(m: Manifest, name: string, taints: readonly Taint[]): EditResult {
  const pair = find(m, name);
  if (typeof pair !== "object") return pair === undefined ? unknown(m, name) : refuse(m, pair, "");
  const chunk = m.chunks[pair.machineChunk]!;
  const result = taintEdit(m, taints)(chunk.text);
  if (!result.ok) return refuse(m, pair, `${result.message}; ${result.hint}`);
  if (result.text === chunk.text) return { ok: true, manifest: m };
  const chunks = [...m.chunks];
  chunks[pair.machineChunk] = pending(result.text);
  const before = chunk.doc as MachineDoc;
  const derived = annotatedChunk(before, result.text, m.taintAnnotation, taints);
  const read = derived
    ? { chunk: derived, diagnostics: [] }
    : readChunk(result.text, chunks[pair.machineChunk]!.lineBreaks, readContext(m, 1));
  const after = read.chunk.doc;
  if (read.diagnostics.length === 0 && after?.kind === "Machine" && sameIdentity(before, after)) {
    // Only annotations changed: pairing, names, addresses, versions and cluster names are as they were,
    // so the manifest stays valid and only this pair needs rebuilding.
    chunks[pair.machineChunk] = read.chunk;
    const infra = m.chunks[pair.infraChunk]!.doc as InfraDoc;
    const machines = m.machines.map((p) =>
      p === pair ? pairOf(after, infra, pair.machineChunk, pair.infraChunk) : p,
    );
    return { ok: true, manifest: { ...m, chunks, machines } };
  }
  return finish(m, chunks, "full");
}

/**
 * How much validation an edit needs: everything, nothing (removing a worker from a valid manifest), or a
 * pre-check of the added pair against the others that falls back to everything when anything looks off,
 * so the messages always come from the one validator.
 */
type Check = "full" | "none" | "added";

/** Re-reads the chunks the edit created, rebuilds pairing and refuses any result with errors. */
function finish(m: Manifest, chunks: Chunk[], check: Check): EditResult {
  const problems: Diagnostic[] = [];
  const reread = new Set<Chunk>();
  let line = 1;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (c.kind === PENDING && c.doc === undefined && !isUnchanged(m, i, c)) {
      const read = readChunk(c.text, c.lineBreaks, readContext(m, line));
      chunks[i] = read.chunk;
      reread.add(read.chunk);
      problems.push(...read.diagnostics);
    }
    line += c.lineBreaks;
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const next = buildManifest(m.file, chunks, m.lineEnding, m.taintAnnotation, m.rules, m);
  const created =
    check === "added" ? next.machines.filter((p) => reread.has(next.chunks[p.machineChunk]!)) : [];
  if (check === "full" || (check === "added" && !addedLooksValid(m, next, created))) {
    problems.push(...validateManifest(next, next.rules).filter((d) => d.severity === "error"));
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return { ok: true, manifest: next };
}

/** An empty chunk the manifest already had at this position is not re-read. */
function isUnchanged(m: Manifest, i: number, c: Chunk): boolean {
  return m.chunks[i] === c;
}

/** Cheap checks that an added pair keeps every rule; false sends the result through the full validator. */
function addedLooksValid(m: Manifest, next: Manifest, created: MachinePair[]): boolean {
  if (next.machines.length !== m.machines.length + 1 || created.length !== 1) return false;
  return created.every((p) =>
    addedPairFits(p, next.chunks[p.machineChunk]?.doc, m.machines[0], (q) =>
      m.machines.some(
        (o) => o.name === q.name || o.infraName === q.infraName || o.private.address === q.private.address,
      ),
    ),
  );
}

function find(m: Manifest, name: string): MachinePair | undefined | "ambiguous" {
  const matches = m.machines.filter((p) => p.name === name);
  return matches.length > 1 ? "ambiguous" : matches[0];
}

function unknown(m: Manifest, name: string): { ok: false; diagnostics: Diagnostic[] } {
  const known = m.machines
    .map((p) => p.name)
    .slice(0, 20)
    .join(", ");
  return {
    ok: false,
    diagnostics: [
      diagnostic(
        "error",
        "unknown-machine",
        { file: m.file, line: 1, col: 1 },
        `there is no machine named ${name} in ${m.file}`,
        `use one of: ${known}${m.machines.length > 20 ? ", ..." : ""}`,
      ),
    ],
  };
}

function refuse(
  m: Manifest,
  pair: MachinePair | "ambiguous",
  why: string,
): { ok: false; diagnostics: Diagnostic[] } {
  const what =
    pair === "ambiguous" ? "the machine name is used more than once" : `cannot edit ${pair.name}: ${why}`;
  return {
    ok: false,
    diagnostics: [
      diagnostic(
        "error",
        "edit-refused",
        { file: m.file, line: 1, col: 1 },
        what,
        "fix the manifest, then retry",
      ),
    ],
  };
}
