// Several edits of one manifest in one pass. The single edits (edit.ts) each rebuild and check the whole
// manifest, so a phase of hundreds of machines cost O(machines x manifest); here the text changes are made on
// a linked list of chunks with name and address indexes, each chunk an edit creates is read once (as the
// single edit reads it), and the manifest is rebuilt and validated once. The result is, byte for byte, what
// the single edits give one at a time: each step takes their decisions (templates, placement, cheap checks;
// removing a control-plane machine is validated then and there, as removeMachine does), and whenever a step
// would be refused or sent through the full validator by the single edit, the whole batch is applied one
// edit at a time instead, so refusals and their messages are exactly theirs.
import { diagnostic } from "./diagnostics.js";
import {
  addedPairFits,
  addMachine,
  addMachineFromPool,
  annotatedChunk,
  clearTaints,
  type EditResult,
  leadingComments,
  newChunk,
  newPairBodies,
  pending,
  placedAfter,
  readContext,
  rejoined,
  removeMachine,
  sameIdentity,
  setTaints,
  stripMarker,
  taintEdit,
} from "./edit.js";
import type { Chunk, Diagnostic, Layout, MachinePair, Manifest, NewMachine, Role, Taint } from "./model.js";
import { buildManifest, pairOf } from "./parse.js";
import { readChunk } from "./read-chunk.js";
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

interface Node {
  chunk: Chunk;
  prev: Node | undefined;
  next: Node | undefined;
}

/** A machine pair of the draft; `seq` is its position in Machine order (added pairs always come last). */
interface Entry {
  pair: MachinePair;
  machine: Node;
  infra: Node;
  seq: number;
  removed: boolean;
}

interface Indexes {
  byRole: Record<Role, Entry[]>;
  infraNames: Map<string, number>;
  addresses: Map<string, number>;
}

/** A manifest being edited: its chunks as a linked list, its pairs in order, indexed as the checks need. */
interface Draft {
  base: Manifest;
  first: Node | undefined;
  lastMachine: Node | undefined;
  lastInfra: Node | undefined;
  byName: Map<string, Entry>;
  order: Entry[];
  /** Built at the first add: annotation-only batches never need them. */
  indexes: Indexes | undefined;
  /** undefined once a removal may have changed it. */
  layout: Layout | undefined;
  changed: boolean;
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

function draftOf(m: Manifest): Draft | undefined {
  let machines = 0;
  let infras = 0;
  for (const c of m.chunks) {
    if (c.kind === "Machine") machines++;
    else if (c.kind === "ExistingInfraMachine") infras++;
  }
  // Pairing by position stays what the entries say only while every document has its partner.
  if (machines !== infras || machines !== m.machines.length) return undefined;
  const d: Draft = {
    base: m,
    first: undefined,
    lastMachine: undefined,
    lastInfra: undefined,
    byName: new Map(),
    order: [],
    indexes: undefined,
    layout: m.layout,
    changed: false,
  };
  const nodes: Node[] = [];
  let prev: Node | undefined;
  for (const chunk of m.chunks) {
    const node: Node = { chunk, prev, next: undefined };
    if (prev === undefined) d.first = node;
    else prev.next = node;
    nodes.push(node);
    if (chunk.kind === "Machine") d.lastMachine = node;
    else if (chunk.kind === "ExistingInfraMachine") d.lastInfra = node;
    prev = node;
  }
  for (const pair of m.machines) {
    if (d.byName.has(pair.name)) return undefined;
    register(d, pair, nodes[pair.machineChunk]!, nodes[pair.infraChunk]!);
  }
  return d;
}

function register(d: Draft, pair: MachinePair, machine: Node, infra: Node): void {
  const e: Entry = { pair, machine, infra, seq: d.order.length, removed: false };
  d.byName.set(pair.name, e);
  d.order.push(e);
  if (d.indexes !== undefined) index(d.indexes, e);
}

function indexesOf(d: Draft): Indexes {
  if (d.indexes !== undefined) return d.indexes;
  const built: Indexes = {
    byRole: { "control-plane": [], worker: [] },
    infraNames: new Map(),
    addresses: new Map(),
  };
  for (const e of d.order) if (!e.removed) index(built, e);
  d.indexes = built;
  return built;
}

function index(x: Indexes, e: Entry): void {
  x.byRole[e.pair.role].push(e);
  count(x.infraNames, e.pair.infraName, 1);
  count(x.addresses, e.pair.private.address, 1);
}

function count(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

/** setTaints / clearTaints: only the annotation-only case the single edit handles without the validator. */
function annotate(d: Draft, name: string, taints: readonly Taint[]): boolean {
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
function addNew(d: Draft, machine: NewMachine): boolean {
  const { byRole } = indexesOf(d);
  const own = last(byRole[machine.role]);
  const other = last(byRole[machine.role === "worker" ? "control-plane" : "worker"]);
  const template = own ?? other;
  if (template === undefined) return false;
  const bodies = newPairBodies(
    template.pair,
    template.machine.chunk.text,
    template.infra.chunk.text,
    machine,
  );
  return insertPair(d, bodies.machine, bodies.infra);
}

/** addMachineFromPool: the spare's documents verbatim into the manifest, then out of the pool. */
function addSpare(d: Draft, pool: Draft, name: string): boolean {
  const spare = pool.byName.get(name);
  if (spare === undefined) return false;
  const added = insertPair(d, stripMarker(spare.machine.chunk.text), stripMarker(spare.infra.chunk.text));
  return added && remove(pool, name);
}

function last(entries: Entry[]): Entry | undefined {
  while (entries.length > 0 && entries[entries.length - 1]!.removed) entries.pop();
  return entries[entries.length - 1];
}

function firstMachine(d: Draft): Entry | undefined {
  return d.order.find((e) => !e.removed);
}

/** insertPair's placement, then the cheap checks the single edit passes without the validator. */
function insertPair(d: Draft, machineBody: string, infraBody: string): boolean {
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
  if (!reread(d, machine) || !reread(d, infra)) return false;
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

function insertAfter(d: Draft, prev: Node | undefined, c: Chunk): Node {
  const node: Node = { chunk: placedAfter(prev?.chunk, c, d.base.lineEnding), prev, next: undefined };
  node.next = prev === undefined ? d.first : prev.next;
  if (node.next !== undefined) node.next.prev = node;
  if (prev === undefined) d.first = node;
  else prev.next = node;
  return node;
}

/** Reads a chunk the edit created, as finish() in edit.ts does; false when the single edit would refuse. */
function reread(d: Draft, node: Node): boolean {
  const read = readChunk(node.chunk.text, node.chunk.lineBreaks, readContext(d.base, 1));
  node.chunk = read.chunk;
  return read.diagnostics.length === 0;
}

/** removeMachine: both documents go (the file's header stays), the chunks after them are rejoined. */
function remove(d: Draft, name: string): boolean {
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

function previousOfKind(node: Node, kind: Chunk["kind"]): Node | undefined {
  let n = node.prev;
  while (n !== undefined && n.chunk.kind !== kind) n = n.prev;
  return n;
}

function build(d: Draft, rules: Manifest["rules"]): Manifest {
  const chunks: Chunk[] = [];
  for (let n = d.first; n !== undefined; n = n.next) chunks.push(n.chunk);
  const m = d.base;
  const next = buildManifest(m.file, chunks, m.lineEnding, m.taintAnnotation, rules, m);
  d.layout = next.layout;
  return next;
}

/** One rebuild and one validation of the whole result; any error sends the batch one edit at a time. */
function finish(d: Draft, rules: Manifest["rules"]): Manifest | undefined {
  if (!d.changed) return d.base;
  const next = build(d, d.base.rules);
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
