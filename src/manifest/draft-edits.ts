// The batch's steps on a draft, each taking the decisions of the single edit it stands for (edit.ts); false
// when the single edit would refuse or need the full validator, and the batch goes one edit at a time.
import type { Document } from "yaml";
import { leadingComments, newChunk, pending, rejoined, stripMarker } from "./chunk-text.js";
import {
  build,
  count,
  type Draft,
  firstMachine,
  indexesOf,
  insertAfter,
  last,
  type Node,
  previousOfKind,
  register,
} from "./draft.js";
import { addedPairFits, annotatedChunk, readContext, sameIdentity, taintEdit } from "./edit-checks.js";
import { checkDocumentShape, DEFAULT_LIMITS } from "./limits.js";
import type { MachinePair, NewMachine, Taint } from "./model.js";
import { newPairDocuments } from "./new-pair.js";
import { pairOf } from "./parse.js";
import { readChunk, readValue } from "./read-chunk.js";
import { keep, keptOf, readsBackUnchanged } from "./template-cache.js";
import { writeBySlots } from "./template-slots.js";
import { validateManifest } from "./validate.js";

/** setTaints / clearTaints: only the annotation-only case the single edit handles without the validator. */
export function annotate(d: Draft, name: string, taints: readonly Taint[]): boolean {
  const e = d.byName.get(name);
  if (e === undefined) return false;
  const before = e.machine.chunk;
  const edited = taintEdit(d.base, taints)(before.text);
  if (!edited.ok) return false;
  if (edited.text === before.text) return true;
  if (before.doc?.kind !== "Machine") return false;
  // The edit changed exactly the bot's annotation: derive the document rather than parse it again.
  const derived = annotatedChunk(before.doc, edited.text, d.base.taintAnnotation, taints);
  const read = derived
    ? { chunk: derived, diagnostics: [] }
    : readChunk(edited.text, pending(edited.text).lineBreaks, readContext(d.base, 1));
  const after = read.chunk.doc;
  if (read.diagnostics.length > 0 || after?.kind !== "Machine") return false;
  if (!sameIdentity(before.doc, after)) return false;
  e.machine.chunk = read.chunk;
  d.changed = true;
  return true;
}

/** addMachine: the template is the last machine of the role (else the last machine), as the single edit picks it. */
export function addNew(d: Draft, machine: NewMachine): boolean {
  const { byRole } = indexesOf(d);
  const own = last(byRole[machine.role]);
  const other = last(byRole[machine.role === "worker" ? "control-plane" : "worker"]);
  const template = own ?? other;
  if (template === undefined) return false;
  const machineText = template.machine.chunk.text;
  const infraText = template.infra.chunk.text;
  // A template this batch wrote: the new pair is the template's text with its values replaced.
  const keptMachine = keptOf(d.templates, machineText);
  const keptInfra = keptOf(d.templates, infraText);
  const bySlots =
    keptMachine && keptInfra ? writeBySlots(template.pair, keptMachine, keptInfra, machine) : undefined;
  if (bySlots !== undefined) return insertPair(d, bySlots.machine.body, bySlots.infra.body, bySlots);
  const docs = newPairDocuments(template.pair, machineText, infraText, machine, d.templates);
  const written = (doc: Document): Written => {
    const body = String(doc);
    return readsBackUnchanged(doc) ? { body, doc } : { body };
  };
  const m = written(docs.machine);
  const i = written(docs.infra);
  return insertPair(d, m.body, i.body, { machine: m, infra: i });
}

/** A document the batch wrote: its text, and what it knows of it without parsing the text (see template-cache.ts). */
interface Written {
  body: string;
  value?: Record<string, unknown>;
  doc?: Document;
}

/** addMachineFromPool: the spare's documents verbatim into the manifest, then out of the pool. */
export function addSpare(d: Draft, pool: Draft, name: string): boolean {
  const spare = pool.byName.get(name);
  if (spare === undefined) return false;
  const added = insertPair(d, stripMarker(spare.machine.chunk.text), stripMarker(spare.infra.chunk.text));
  return added && remove(pool, name);
}

/** insertPair's placement, then the cheap checks the single edit passes without the validator. */
function insertPair(
  d: Draft,
  machineBody: string,
  infraBody: string,
  written?: { machine: Written; infra: Written },
): boolean {
  const eol = d.base.lineEnding;
  const layout = d.layout ?? build(d, d.base.rules).layout;
  let machine: Node;
  let infra: Node;
  if (layout === "interleaved") {
    machine = insertAfter(d, d.lastInfra, newChunk(machineBody, eol));
    infra = insertAfter(d, machine, newChunk(infraBody, eol));
  } else {
    infra = insertAfter(d, d.lastInfra, newChunk(infraBody, eol));
    machine = insertAfter(d, d.lastMachine, newChunk(machineBody, eol));
  }
  d.changed = true;
  d.check = true;
  const read = (node: Node, w: Written | undefined) =>
    w !== undefined && (w.value !== undefined || w.doc !== undefined)
      ? readWritten(d, node, w)
      : reread(d, node);
  if (!read(machine, written?.machine) || !read(infra, written?.infra)) return false;
  const mdoc = machine.chunk.doc;
  const idoc = infra.chunk.doc;
  if (mdoc?.kind !== "Machine" || idoc?.kind !== "ExistingInfraMachine") return false;
  d.lastMachine = machine;
  d.lastInfra = infra;
  const pair = pairOf(mdoc, idoc, -1, -1);
  const used = indexesOf(d);
  const taken = (p: MachinePair) =>
    d.byName.has(p.name) || used.infraNames.has(p.infraName) || used.addresses.has(p.private.address);
  if (!addedPairFits(pair, mdoc, firstMachine(d)?.pair, taken)) return false;
  register(d, pair, machine, infra);
  return true;
}

/** Reads a chunk the edit created, as finish() in edit.ts does; false when the single edit would refuse. */
function reread(d: Draft, node: Node): boolean {
  const read = readChunk(node.chunk.text, node.chunk.lineBreaks, readContext(d.base, 1));
  node.chunk = read.chunk;
  return read.diagnostics.length === 0;
}

/**
 * Reads a chunk from what the batch knows of the document it wrote, which parsing the text would give back
 * (see template-cache.ts), and keeps that as a template; any problem is read again from the text, so that
 * messages point into it.
 */
function readWritten(d: Draft, node: Node, w: Written): boolean {
  const { text, lineBreaks } = node.chunk;
  const ctx = readContext(d.base, 1);
  if (checkDocumentShape(text, ctx.limits) !== undefined) return reread(d, node);
  const value = w.value ?? plainValue(w.doc);
  if (value === undefined) return reread(d, node);
  const read = readValue(value, text, lineBreaks, ctx);
  if (read.diagnostics.length > 0) return reread(d, node);
  node.chunk = read.chunk;
  keep(
    d.templates,
    text,
    w.doc === undefined ? { body: w.body, value } : { body: w.body, value, doc: w.doc },
  );
  return true;
}

function plainValue(doc: Document | undefined): Record<string, unknown> | undefined {
  const value: unknown = doc?.toJS({ maxAliasCount: DEFAULT_LIMITS.maxAliasCount });
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** removeMachine: both documents go (the file's header stays), the chunks after them are rejoined. */
export function remove(d: Draft, name: string): boolean {
  const e = d.byName.get(name);
  if (e === undefined) return false;
  const eol = d.base.lineEnding;
  const touched: Node[] = [];
  const first = d.first;
  for (const node of [e.machine, e.infra]) {
    if (node === d.lastMachine) d.lastMachine = previousOfKind(node, "Machine");
    if (node === d.lastInfra) d.lastInfra = previousOfKind(node, "ExistingInfraMachine");
    // The first document's leading comments are the file's header: they stay.
    const header = node === first ? leadingComments(node.chunk.text) : "";
    if (header !== "") {
      node.chunk = pending(header);
      if (!reread(d, node)) return false;
      if (node.next !== undefined) touched.push(node.next);
      continue;
    }
    if (node.prev === undefined) d.first = node.next;
    else node.prev.next = node.next;
    if (node.next !== undefined) {
      node.next.prev = node.prev;
      touched.push(node.next);
    }
  }
  e.removed = true;
  d.byName.delete(name);
  if (d.indexes !== undefined) {
    count(d.indexes.infraNames, e.pair.infraName, -1);
    count(d.indexes.addresses, e.pair.private.address, -1);
  }
  d.layout = undefined;
  d.changed = true;
  for (const node of touched) {
    if (node === e.machine || node === e.infra) continue;
    const joined = rejoined(node.prev?.chunk, node.chunk, eol);
    if (joined !== node.chunk) {
      node.chunk = joined;
      if (!reread(d, node)) return false;
    }
  }
  // Removing a worker keeps a valid manifest valid; removing a control-plane machine goes through the validator.
  if (e.pair.role !== "control-plane") return true;
  const next = build(d, d.base.rules);
  return !validateManifest(next, next.rules).some((x) => x.severity === "error");
}
