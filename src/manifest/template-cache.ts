// Template documents of one batch of adds, parsed once. Each added machine is the template of the next one
// of its role, so a batch of n adds used to parse 2n documents it had just written. A document written by
// the bot is kept with the text it was written to, when parsing that text again would give the same
// document back (same values, same scalar styles, nothing the writer or the parser changes): then the kept
// document stands in for the parse, as the template and as the source of the new chunk's fields.
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Pair,
  Scalar,
  visit,
  YAMLMap,
} from "yaml";
import { templateDocument } from "./edit-text.js";

/** A document the batch wrote: its text (as written, before it became a chunk) and its plain value. */
export interface Kept {
  body: string;
  value: Record<string, unknown>;
  /** The document itself, when the batch wrote it from one (else a template needs the parse). */
  doc?: Document;
}

/** The kept documents of one batch, by the chunk text they were written to. Made per batch, never shared. */
export interface Templates {
  readonly byText: Map<string, Kept>;
}

/** Only the newest few are ever templates again (the last machine of each role). */
const KEEP = 8;

export function newTemplates(): Templates {
  return { byText: new Map() };
}

/** The template document of `text`: a copy of the kept document, else the parse. */
export function templateOf(templates: Templates | undefined, text: string): Document {
  const kept = templates?.byText.get(text)?.doc;
  return kept !== undefined ? copyOf(kept) : templateDocument(text);
}

/**
 * A copy of a kept document to edit. Document#clone copies every node with all its property descriptors,
 * which cost more than the parse it saves; a kept document holds only mappings and plain-data scalars, so
 * new nodes with the values and styles the writer reads are the same document to it.
 */
function copyOf(doc: Document): Document {
  const contents = doc.contents;
  doc.contents = null;
  try {
    const copy = doc.clone();
    copy.contents = copyNode(contents);
    return copy;
  } finally {
    doc.contents = contents;
  }
}

function copyNode<T>(node: T): T;
function copyNode(node: unknown): unknown {
  if (isScalar(node)) {
    const s = new Scalar(node.value);
    if (node.type !== undefined) s.type = node.type;
    return s;
  }
  if (isMap(node)) {
    const m = new YAMLMap(node.schema);
    if (node.flow) m.flow = true;
    m.items = node.items.map((p) => new Pair(copyNode(p.key), copyNode(p.value)));
    return m;
  }
  return node;
}

/** What the batch kept of the document written to `text`. */
export function keptOf(templates: Templates, text: string): Kept | undefined {
  return templates.byText.get(text);
}

/** Keeps what the batch knows of the document written to `text`: it reads back unchanged (see below). */
export function keep(templates: Templates, text: string, kept: Kept): void {
  templates.byText.set(text, kept);
  if (templates.byText.size > KEEP) {
    const oldest = templates.byText.keys().next().value;
    if (oldest !== undefined) templates.byText.delete(oldest);
  }
}

/**
 * Whether `String(doc)` parses back to a document that writes and edits exactly like `doc`: mappings and
 * short scalars in styles the writer keeps (plain strings that stay plain strings, quoted strings without
 * spaces, decimal integers, booleans), and nothing it adds or drops (comments, anchors, aliases, tags,
 * sequences, nulls, empty block mappings, which come back as `{}`).
 */
export function readsBackUnchanged(doc: Document): boolean {
  if (!isMap(doc.contents) || doc.commentBefore || doc.comment) return false;
  let ok = true;
  visit(doc, (_key, node) => {
    if (isAlias(node) || isSeq(node)) ok = false;
    // setIn stores plain values in the pair as they are, without a node: they are written like new scalars.
    else if (isPair(node)) ok = plainReadsBack(node.key) && plainReadsBack(node.value);
    else if (isNode(node)) {
      if (node.anchor || node.tag || node.comment || node.commentBefore || node.spaceBefore) ok = false;
      else if (isMap(node)) ok = node.items.length > 0 || node.flow === true;
      else if (isScalar(node)) ok = scalarReadsBack(node);
    }
    return ok ? undefined : visit.BREAK;
  });
  return ok;
}

const PLAIN_STRING = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,63}$/;
const QUOTED_STRING = /^[\x21-\x7e]{0,64}$/;
/** Plain scalars the core schema reads as something other than a string. */
const CORE_NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** A string the writer writes plain (and the parser reads back as that string), short of any line folding. */
export function isSafePlain(value: string): boolean {
  return PLAIN_STRING.test(value) && !CORE_NOT_STRING.some((re) => re.test(value));
}

function plainReadsBack(value: unknown): boolean {
  if (isNode(value)) return true;
  if (typeof value === "string") return isSafePlain(value);
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0;
  return typeof value === "boolean";
}

function scalarReadsBack(node: Scalar): boolean {
  const { value, type } = node;
  const plain = type === undefined || type === "PLAIN";
  if (typeof value === "string") {
    if (plain) return isSafePlain(value);
    return (type === "QUOTE_DOUBLE" || type === "QUOTE_SINGLE") && QUOTED_STRING.test(value);
  }
  if (typeof value === "number")
    return plain && Number.isSafeInteger(value) && value >= 0 && node.format === undefined;
  return typeof value === "boolean" && plain;
}
