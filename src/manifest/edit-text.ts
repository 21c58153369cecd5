// Text-level edits of one document chunk. Each works on whole lines or on a single scalar's characters, so
// comments, key order, quoting and blank lines around the change stay byte-for-byte as they were.
import { type Document, isMap, isNode, isScalar, type Pair, parseDocument, visit, type YAMLMap } from "yaml";
import { removeAnnotationByLines, setAnnotationByLines } from "./annotation-lines.js";
import type { Taint } from "./model.js";
import { YAML_OPTIONS } from "./read-chunk.js";

export type TextEdit = { ok: true; text: string } | { ok: false; message: string; hint: string };

const BLOCK_ONLY_HINT = "write `metadata` and `metadata.annotations` in block style (one key per line)";

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  return nl === -1 ? text.length : nl + 1;
}

function blockMap(doc: Document, path: string[]): YAMLMap | undefined | "flow" {
  const node = doc.getIn(path, true);
  if (node === undefined) return undefined;
  if (!isMap(node) || node.flow || !node.range) return "flow";
  return node;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** A YAML scalar for the taint list: single-quoted JSON, readable and stable. */
export function taintScalar(taints: readonly Taint[]): string {
  const json = JSON.stringify(
    taints.map((t) =>
      t.value === undefined
        ? { key: t.key, effect: t.effect }
        : { key: t.key, value: t.value, effect: t.effect },
    ),
  );
  return `'${json.replace(/'/g, "''")}'`;
}

function keyText(key: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) ? key : JSON.stringify(key);
}

/** Sets (or replaces) one annotation on the document's metadata. */
export function setAnnotation(text: string, key: string, valueText: string, eol: string): TextEdit {
  return (
    setAnnotationByLines(text, key, keyText(key), valueText, eol) ??
    setAnnotationInDocument(text, key, valueText, eol)
  );
}

/** Removes one annotation, and the `annotations:` key with it when it was the only one. */
export function removeAnnotation(text: string, key: string): TextEdit {
  return removeAnnotationByLines(text, key) ?? removeAnnotationInDocument(text, key);
}

/** setAnnotation on the parsed document: every layout, and the refusals. */
export function setAnnotationInDocument(text: string, key: string, valueText: string, eol: string): TextEdit {
  const doc = parseDocument(text, YAML_OPTIONS);
  const annotations = blockMap(doc, ["metadata", "annotations"]);
  if (annotations === "flow")
    return { ok: false, message: "metadata.annotations is not a block mapping", hint: BLOCK_ONLY_HINT };
  if (annotations !== undefined) {
    const pair = findPair(annotations, key);
    if (pair !== undefined) {
      const v = pair.value;
      if (!isScalar(v) || !v.range)
        return {
          ok: false,
          message: `annotation ${key} is not a scalar`,
          hint: "remove it and let the bot write it",
        };
      return { ok: true, text: text.slice(0, v.range[0]) + valueText + text.slice(v.range[1]) };
    }
    return insertLinesBefore(text, annotations, () => [`${keyText(key)}: ${valueText}`], eol);
  }
  const metadata = blockMap(doc, ["metadata"]);
  if (metadata === undefined || metadata === "flow")
    return { ok: false, message: "metadata is not a block mapping", hint: BLOCK_ONLY_HINT };
  const step = nestedStep(text, metadata);
  return insertLinesBefore(
    text,
    metadata,
    (indent) => ["annotations:", `${indent}${step}${keyText(key)}: ${valueText}`],
    eol,
  );
}

/** removeAnnotation on the parsed document: every layout, and the refusals. */
export function removeAnnotationInDocument(text: string, key: string): TextEdit {
  const doc = parseDocument(text, YAML_OPTIONS);
  const annotations = blockMap(doc, ["metadata", "annotations"]);
  if (annotations === undefined) return { ok: true, text };
  if (annotations === "flow")
    return { ok: false, message: "metadata.annotations is not a block mapping", hint: BLOCK_ONLY_HINT };
  const pair = findPair(annotations, key);
  if (pair === undefined) return { ok: true, text };
  if (annotations.items.length === 1) {
    const metadata = blockMap(doc, ["metadata"]);
    const outer = metadata && metadata !== "flow" ? findPair(metadata, "annotations") : undefined;
    if (outer && isNode(outer.key) && outer.key.range && annotations.range) {
      const end = lineEndAfter(text, Math.max(annotations.range[1] - 1, 0));
      return { ok: true, text: text.slice(0, lineStart(text, outer.key.range[0])) + text.slice(end) };
    }
  }
  if (!isNode(pair.key) || !pair.key.range || !isNode(pair.value) || !pair.value.range) {
    return { ok: false, message: `annotation ${key} cannot be located`, hint: "remove it by hand" };
  }
  const from = lineStart(text, pair.key.range[0]);
  return { ok: true, text: text.slice(0, from) + text.slice(lineEndAfter(text, pair.value.range[1])) };
}

/** Inserts whole lines before the map's first key, at its indentation; `lines` gets that indentation for nested lines. */
function insertLinesBefore(
  text: string,
  map: YAMLMap,
  lines: (indent: string) => string[],
  eol: string,
): TextEdit {
  const first = map.items[0];
  if (!first || !isNode(first.key) || !first.key.range)
    return { ok: false, message: "an empty mapping cannot be extended in place", hint: BLOCK_ONLY_HINT };
  const at = lineStart(text, first.key.range[0]);
  const indent = text.slice(at, first.key.range[0]);
  if (!/^ *$/.test(indent))
    return { ok: false, message: "the mapping does not start on its own line", hint: BLOCK_ONLY_HINT };
  const inserted = `${indent}${lines(indent).join(eol)}${eol}`;
  return { ok: true, text: text.slice(0, at) + inserted + text.slice(at) };
}

/** The indentation step this document uses for a nested map (e.g. `labels:` under `metadata:`). */
function nestedStep(text: string, map: YAMLMap): string {
  const first = map.items[0];
  const outer =
    first && isNode(first.key) && first.key.range
      ? first.key.range[0] - lineStart(text, first.key.range[0])
      : 0;
  for (const p of map.items) {
    if (isMap(p.value) && !p.value.flow) {
      const inner = p.value.items[0];
      if (inner && isNode(inner.key) && inner.key.range) {
        const width = inner.key.range[0] - lineStart(text, inner.key.range[0]) - outer;
        if (width > 0) return " ".repeat(width);
      }
    }
  }
  return "  ";
}

/** Sets a scalar in place, keeping its quoting style; creates nothing (used on copies of templates). */
export function setScalar(doc: Document, path: string[], value: string | number): boolean {
  const node = doc.getIn(path, true);
  if (!isScalar(node)) return false;
  node.value = value;
  return true;
}

/** A template document stripped of comments and of the markers the bot adds per document. */
export function templateDocument(text: string): Document {
  const doc = parseDocument(text, YAML_OPTIONS);
  doc.directives.docStart = null;
  doc.commentBefore = null;
  doc.comment = null;
  visit(doc, (_key, node) => {
    if (isNode(node)) {
      node.commentBefore = null;
      node.comment = null;
      node.spaceBefore = false;
    }
  });
  return doc;
}
