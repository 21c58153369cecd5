// YAML from issue bodies is untrusted input. We accept plain data only: one document, unique keys, scalar
// keys, no anchors or aliases (billion-laughs style expansion), no tags beyond YAML's core types, and
// nothing larger than a GitHub issue body can be.
import { isAlias, isNode, isPair, isScalar, parseAllDocuments, visit } from "yaml";

/** GitHub's limit for issue and comment bodies; anything larger did not come from GitHub. */
export const MAX_BODY_CHARS = 65_536;

const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "seq", "map"].map((t) => `tag:yaml.org,2002:${t}`),
);

export interface YamlProblem {
  message: string;
  /** 1-based line and column inside the YAML text, when known. */
  line?: number;
  col?: number;
}

export type StrictYamlResult = { ok: true; value: unknown } | { ok: false; problems: YamlProblem[] };

function at(
  range: readonly [number, number, number] | undefined | null,
  text: string,
): { line?: number; col?: number } {
  if (range === undefined || range === null) return {};
  const before = text.slice(0, range[0]);
  const line = before.split("\n").length;
  return { line, col: range[0] - before.lastIndexOf("\n") };
}

/** Parses YAML holding plain data, refusing anything that is not (see the file comment). */
export function parseStrictYaml(text: string): StrictYamlResult {
  if (text.length > MAX_BODY_CHARS) {
    return {
      ok: false,
      problems: [
        { message: `the YAML is ${text.length} characters long; at most ${MAX_BODY_CHARS} are accepted` },
      ],
    };
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return { ok: false, problems: [{ message: "the YAML has no document" }] };
  const problems: YamlProblem[] = [];
  if (docs.length !== 1) {
    problems.push({
      message: `expected exactly one YAML document, found ${docs.length}; remove the extra "---"`,
    });
  }
  const doc = docs[0];
  if (doc === undefined) return { ok: false, problems };
  // Unresolved tags are reported below, with the rest of the tags.
  for (const e of [...doc.errors, ...doc.warnings].filter((w) => w.code !== "TAG_RESOLVE_FAILED")) {
    const message =
      e.code === "DUPLICATE_KEY"
        ? "duplicate key: each key may appear only once in a mapping"
        : e.message.replace(/ at line \d+, column \d+.*$/s, "");
    problems.push({ message, ...at([e.pos[0], e.pos[1], e.pos[1]], text) });
  }
  visit(doc, {
    Alias(_key, node) {
      problems.push({
        message: `aliases (*${node.source}) are not allowed; write the value out`,
        ...at(node.range, text),
      });
    },
    Pair(_key, pair) {
      if (isPair(pair) && isNode(pair.key) && !isScalar(pair.key)) {
        problems.push({
          message: "keys must be plain strings, not lists or maps",
          ...at(pair.key.range, text),
        });
      }
    },
    Node(_key, node) {
      if (isAlias(node)) return;
      // A node's range starts at its value; the anchor or tag written before it is what to point at.
      const start = node.range?.[0] ?? 0;
      if (node.anchor !== undefined) {
        const where = text.lastIndexOf(`&${node.anchor}`, start);
        problems.push({
          message: `anchors (&${node.anchor}) are not allowed; write the value out`,
          ...at(where === -1 ? node.range : [where, where, where], text),
        });
      }
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const where = text.lastIndexOf("!", start);
        problems.push({
          message: `tag ${node.tag} is not allowed; write plain values without tags`,
          ...at(where === -1 ? node.range : [where, where, where], text),
        });
      }
    },
  });
  if (problems.length > 0) {
    return {
      ok: false,
      problems: [...new Map(problems.map((p) => [`${p.line}:${p.col}:${p.message}`, p])).values()],
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 0 }) };
}

/** `line 3, col 1: duplicate key …`, with `lineOffset` added when the YAML sits inside a larger text. */
export function formatYamlProblem(p: YamlProblem, lineOffset = 0): string {
  return p.line === undefined ? p.message : `line ${p.line + lineOffset}, col ${p.col ?? 1}: ${p.message}`;
}
