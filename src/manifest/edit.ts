// Edits of the Machines manifest. Each returns a new manifest whose bytes differ from the old one only in
// the lines the edit had to change, or refuses (changing nothing) when the result would be invalid.
import { diagnostic } from "./diagnostics.js";
import {
  removeAnnotation,
  setAnnotation,
  setScalar,
  type TextEdit,
  taintScalar,
  templateDocument,
} from "./edit-text.js";
import { DEFAULT_LIMITS } from "./limits.js";
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
import { buildManifest, pairOf } from "./parse.js";
import { readChunk } from "./read-chunk.js";
import { validateTaints } from "./schema.js";
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

/** The text edit recording `taints` on a Machine document (an empty list removes the annotation). */
export function taintEdit(
  m: Pick<Manifest, "taintAnnotation" | "lineEnding">,
  taints: readonly Taint[],
): (text: string) => TextEdit {
  if (taints.length === 0) return (text) => removeAnnotation(text, m.taintAnnotation);
  return (text) => setAnnotation(text, m.taintAnnotation, taintScalar(taints), m.lineEnding);
}

/**
 * The Machine chunk after an annotation-only edit of the bot's taints, derived without parsing the document
 * again: the edit changed exactly that annotation, so every other field is as it was. Undefined (re-read the
 * document instead) when the taints would not pass the annotation's schema.
 */
export function annotatedChunk(
  before: MachineDoc,
  text: string,
  key: string,
  taints: readonly Taint[],
): Chunk | undefined {
  const normalized = taints.map((t) =>
    t.value === undefined
      ? { key: t.key, effect: t.effect }
      : { key: t.key, value: t.value, effect: t.effect },
  );
  if (!validateTaints(normalized)) return undefined;
  const { [key]: _old, ...others } = before.annotations;
  const annotations = normalized.length > 0 ? { ...others, [key]: JSON.stringify(normalized) } : others;
  const doc: MachineDoc = { ...before, annotations, taints: normalized };
  return { text, kind: "Machine", lineBreaks: pending(text).lineBreaks, doc };
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

/** The two documents of a new pair, written from the template pair's documents (their current texts). */
export function newPairBodies(
  template: MachinePair,
  machineText: string,
  infraText: string,
  machine: NewMachine,
): { machine: string; infra: string } {
  // Infrastructure names follow the template's convention (vagrant: `<machine>-provider`).
  const suffix = template.infraName.startsWith(template.name)
    ? template.infraName.slice(template.name.length)
    : "";
  const infraName = machine.infraName ?? `${machine.name}${suffix}`;
  const mdoc = templateDocument(machineText);
  setScalar(mdoc, ["metadata", "name"], machine.name);
  setScalar(mdoc, ["spec", "infrastructureRef", "name"], infraName);
  mdoc.deleteIn(["metadata", "annotations"]);
  if (
    !setScalar(
      mdoc,
      ["metadata", "labels", "set"],
      machine.role === "control-plane" ? "master" : roleLabel(template),
    )
  ) {
    mdoc.setIn(["metadata", "labels", "set"], machine.role === "control-plane" ? "master" : "worker");
  }
  for (const [k, v] of Object.entries(machine.labels ?? {}))
    if (!setScalar(mdoc, ["metadata", "labels", k], v)) mdoc.setIn(["metadata", "labels", k], v);

  const idoc = templateDocument(infraText);
  setScalar(idoc, ["metadata", "name"], infraName);
  setScalar(idoc, ["spec", "private", "address"], machine.privateAddress);
  if (machine.privatePort !== undefined && !setScalar(idoc, ["spec", "private", "port"], machine.privatePort))
    idoc.setIn(["spec", "private", "port"], machine.privatePort);
  if (machine.publicAddress === undefined) idoc.deleteIn(["spec", "public"]);
  else {
    if (!setScalar(idoc, ["spec", "public", "address"], machine.publicAddress))
      idoc.setIn(["spec", "public"], { address: machine.publicAddress });
    if (machine.publicPort === undefined) idoc.deleteIn(["spec", "public", "port"]);
    else if (!setScalar(idoc, ["spec", "public", "port"], machine.publicPort))
      idoc.setIn(["spec", "public", "port"], machine.publicPort);
  }
  return { machine: String(mdoc), infra: String(idoc) };
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

/** A new document chunk for `body` (no marker), in the manifest's line endings; read again before use. */
export function newChunk(body: string, eol: string): Chunk {
  return pending(`---${eol}${normalizeEol(body, eol)}`);
}

/** A new chunk as inserted after `prev`. */
export function placedAfter(prev: Chunk | undefined, c: Chunk, eol: string): Chunk {
  // The previous document has no final newline: the new chunk starts with one, so removing the chunk again restores the original bytes.
  return prev !== undefined && !prev.text.endsWith("\n") ? pending(eol + c.text) : c;
}

function roleLabel(template: MachinePair): string {
  return template.role === "worker" && template.set !== undefined ? template.set : "worker";
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

export function sameIdentity(a: MachineDoc, b: MachineDoc): boolean {
  const keys = [
    "name",
    "namespace",
    "set",
    "clusterName",
    "clusterNameLabel",
    "version",
    "infraRefName",
  ] as const;
  return keys.every((k) => a[k] === b[k]) && JSON.stringify(a.labels) === JSON.stringify(b.labels);
}

/** Chunks created by an edit, read again by `finish` (by identity: they are new objects). */
const PENDING = "empty" as const;

export function pending(text: string): Chunk {
  return { text, kind: PENDING, lineBreaks: text.split("\n").length - 1 };
}

export function readContext(m: Manifest, startLine: number) {
  return { file: m.file, startLine, taintAnnotation: m.taintAnnotation, limits: DEFAULT_LIMITS };
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

/**
 * The cheap checks of one added pair against the machines it joins: `reference` is their first machine and
 * `taken` says whether its name, infrastructure name or private address is already used.
 */
export function addedPairFits(
  p: MachinePair,
  doc: MachineDoc | InfraDoc | undefined,
  reference: MachinePair | undefined,
  taken: (p: MachinePair) => boolean,
): boolean {
  if (doc?.kind !== "Machine" || doc.infraRefName !== p.infraName) return false;
  if (
    reference &&
    (p.version !== reference.version ||
      (p.clusterName ?? p.clusterNameLabel) !== (reference.clusterName ?? reference.clusterNameLabel))
  )
    return false;
  if (p.clusterName !== undefined && p.clusterNameLabel !== undefined && p.clusterName !== p.clusterNameLabel)
    return false;
  return !taken(p);
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

/**
 * A chunk added after a document without a final newline carries that newline itself; when such a chunk is
 * removed, the next chunk takes the newline over so two documents never end up on one line.
 */
function rejoin(chunks: Chunk[], eol: string): Chunk[] {
  return chunks.map((c, i) => rejoined(chunks[i - 1], c, eol));
}

/** `c` as it follows `prev` once the chunks between them are gone. */
export function rejoined(prev: Chunk | undefined, c: Chunk, eol: string): Chunk {
  if (prev === undefined || prev.text.endsWith("\n") || c.text.startsWith("\n") || c.text.startsWith("\r\n"))
    return c;
  return pending(eol + c.text);
}

/** A blank or comment-only line. */
function isTrivia(line: string): boolean {
  const t = line.trim();
  return t === "" || t.startsWith("#");
}

export function stripMarker(text: string): string {
  const lines = text.split(/(?<=\n)/);
  const start = lines.findIndex((l) => !isTrivia(l));
  const body = lines.slice(Math.max(start, 0));
  if (/^---(\s|$)/.test(body[0] ?? "")) body[0] = (body[0] ?? "").slice(3).replace(/^[ \t]*\r?\n?/, "");
  return body.join("");
}

export function leadingComments(text: string): string {
  const lines = text.split(/(?<=\n)/);
  const end = lines.findIndex((l) => !isTrivia(l));
  return lines.slice(0, end === -1 ? lines.length : end).join("");
}

function normalizeEol(text: string, eol: string): string {
  const lf = text.replace(/\r\n/g, "\n");
  return eol === "\n" ? lf : lf.replace(/\n/g, "\r\n");
}
