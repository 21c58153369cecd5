// The bot's annotation edits on the line structure of a plain document (see block-lines.ts): the same
// bytes as the edits on the parsed YAML document (edit-text.ts), for a fraction of the cost. Undefined
// means "this layout needs the YAML parser": every refusal, and every layout the scan does not read, is
// left to the document edits, so messages and odd layouts behave exactly as they always did.
import { type BlockEntry, entryOf, scanBlock } from "./block-lines.js";

type Edited = { ok: true; text: string };

/** A block mapping's entry: a key whose value is the mapping of the lines nested under it. */
function blockChild(entries: readonly BlockEntry[], key: string): BlockEntry | undefined | "other" {
  const e = entryOf(entries, key);
  if (e === undefined) return undefined;
  return e.value === "none" && e.children.length > 0 ? e : "other";
}

/** `metadata.annotations.<key>: <valueText>`, replacing or inserting one line; undefined: use the parser. */
export function setAnnotationByLines(
  text: string,
  key: string,
  keyText: string,
  valueText: string,
  eol: string,
): Edited | undefined {
  const doc = scanBlock(text);
  const metadata = doc && blockChild(doc.children, "metadata");
  if (metadata === undefined || metadata === "other") return undefined;
  const annotations = blockChild(metadata.children, "annotations");
  if (annotations === "other") return undefined;
  if (annotations !== undefined) {
    const pair = entryOf(annotations.children, key);
    if (pair !== undefined) {
      if (pair.value !== "scalar") return undefined;
      return { ok: true, text: text.slice(0, pair.valueStart) + valueText + text.slice(pair.valueEnd) };
    }
    const first = annotations.children[0]!;
    return insertLine(text, first, `${" ".repeat(first.indent)}${keyText}: ${valueText}${eol}`);
  }
  const first = metadata.children[0]!;
  const indent = " ".repeat(first.indent);
  const step = nestedStep(metadata.children);
  return insertLine(text, first, `${indent}annotations:${eol}${indent}${step}${keyText}: ${valueText}${eol}`);
}

/** Removes `metadata.annotations.<key>` (and `annotations:` when it was the only one); undefined: use the parser. */
export function removeAnnotationByLines(text: string, key: string): Edited | undefined {
  const doc = scanBlock(text);
  const metadata = doc && blockChild(doc.children, "metadata");
  if (metadata === undefined || metadata === "other") return undefined;
  const annotations = blockChild(metadata.children, "annotations");
  if (annotations === "other") return undefined;
  if (annotations === undefined) return { ok: true, text };
  const pair = entryOf(annotations.children, key);
  if (pair === undefined) return { ok: true, text };
  if (pair.value !== "scalar") return undefined;
  if (annotations.children.length > 1) {
    return { ok: true, text: text.slice(0, pair.lineStart) + text.slice(pair.lineEnd) };
  }
  // The whole `annotations:` block goes. Comment or blank lines after it may belong to the mapping in the
  // parser's reading; those layouts are left to the parser.
  if (!pair.followedByEntry) return undefined;
  return { ok: true, text: text.slice(0, annotations.lineStart) + text.slice(pair.lineEnd) };
}

function insertLine(text: string, before: BlockEntry, line: string): Edited {
  return { ok: true, text: text.slice(0, before.lineStart) + line + text.slice(before.lineStart) };
}

/** The indentation step of the first nested block mapping under these entries (two spaces when none). */
function nestedStep(entries: readonly BlockEntry[]): string {
  const outer = entries[0]?.indent ?? 0;
  for (const e of entries) {
    const inner = e.value === "none" ? e.children[0] : undefined;
    if (inner !== undefined && inner.indent > outer) return " ".repeat(inner.indent - outer);
  }
  return "  ";
}
