// A manifest being edited by a batch: its chunks as a linked list, its pairs in order, indexed by name,
// infrastructure name, address and role as the batch's checks need them.
import { placedAfter } from "./chunk-text.js";
import type { Chunk, Layout, MachinePair, Manifest, Role } from "./model.js";
import { buildManifest } from "./parse.js";
import { newTemplates, type Templates } from "./template-cache.js";

export interface Node {
  chunk: Chunk;
  prev: Node | undefined;
  next: Node | undefined;
}

/** A machine pair of the draft; `seq` is its position in Machine order (added pairs always come last). */
export interface Entry {
  pair: MachinePair;
  machine: Node;
  infra: Node;
  seq: number;
  removed: boolean;
}

export interface Indexes {
  byRole: Record<Role, Entry[]>;
  infraNames: Map<string, number>;
  addresses: Map<string, number>;
}

/** A manifest being edited: its chunks as a linked list, its pairs in order, indexed as the checks need. */
export interface Draft {
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
  /** Set once a step needs the full validator's check of the result (an add: its pair joins the others). */
  check: boolean;
  /** The template documents of the pairs this batch added. */
  templates: Templates;
}

export function draftOf(m: Manifest): Draft | undefined {
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
    check: false,
    templates: newTemplates(),
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

export function register(d: Draft, pair: MachinePair, machine: Node, infra: Node): void {
  const e: Entry = { pair, machine, infra, seq: d.order.length, removed: false };
  d.byName.set(pair.name, e);
  d.order.push(e);
  if (d.indexes !== undefined) index(d.indexes, e);
}

export function indexesOf(d: Draft): Indexes {
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

export function index(x: Indexes, e: Entry): void {
  x.byRole[e.pair.role].push(e);
  count(x.infraNames, e.pair.infraName, 1);
  count(x.addresses, e.pair.private.address, 1);
}

export function count(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

export function last(entries: Entry[]): Entry | undefined {
  while (entries.length > 0 && entries[entries.length - 1]!.removed) entries.pop();
  return entries[entries.length - 1];
}

export function firstMachine(d: Draft): Entry | undefined {
  return d.order.find((e) => !e.removed);
}

export function insertAfter(d: Draft, prev: Node | undefined, c: Chunk): Node {
  const node: Node = { chunk: placedAfter(prev?.chunk, c, d.base.lineEnding), prev, next: undefined };
  node.next = prev === undefined ? d.first : prev.next;
  if (node.next !== undefined) node.next.prev = node;
  if (prev === undefined) d.first = node;
  else prev.next = node;
  return node;
}

export function previousOfKind(node: Node, kind: Chunk["kind"]): Node | undefined {
  let n = node.prev;
  while (n !== undefined && n.chunk.kind !== kind) n = n.prev;
  return n;
}

export function build(d: Draft, rules: Manifest["rules"]): Manifest {
  const chunks: Chunk[] = [];
  for (let n = d.first; n !== undefined; n = n.next) chunks.push(n.chunk);
  const m = d.base;
  const next = buildManifest(m.file, chunks, m.lineEnding, m.taintAnnotation, rules, m);
  d.layout = next.layout;
  return next;
}
