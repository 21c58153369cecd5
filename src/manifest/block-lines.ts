// A line scanner for the plain layout machine documents almost always have: block mappings of one-line
// scalars, one key per line. Reading that layout costs a few regular expressions per line where the YAML
// parser costs a full parse, and edits that only need to locate a key (annotations, scalars of a template)
// run on every machine of a rollout. Anything outside the layout (sequences, block or multi-line scalars,
// anchors, tags, tabs, nested flow collections, keys that are not plain strings) makes the scan give up,
// and callers fall back to the YAML parser, which reads every layout.

/** One `key: value` line, with the entries nested under it. */
export interface BlockEntry {
  /** Offset of the line's first character and offset just past its line break (or the text's end). */
  lineStart: number;
  lineEnd: number;
  indent: number;
  /** The key as YAML reads it (quotes removed). */
  key: string;
  /** The value written on the line: a one-line scalar, a one-line flow collection, or nothing. */
  value: "scalar" | "flow" | "none";
  /** The value's characters on the line (without a trailing comment), as YAML's node range gives them. */
  valueStart: number;
  valueEnd: number;
  /** Entries nested under this key: it holds a block mapping when there are any. */
  children: BlockEntry[];
  /** Whether the line after this one is another entry (or the end of the text), not a comment or blank line. */
  followedByEntry: boolean;
}

export interface BlockDocument {
  /** The top-level entries. */
  children: BlockEntry[];
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9._/-]*(?=:(?: |$))/;
const DOUBLE_KEY = /^"([^"\\]*)"(?=:(?: |$))/;
const SINGLE_KEY = /^'((?:[^']|'')*)'(?=:(?: |$))/;
const DOUBLE_VALUE = /^"(?:[^"\\]|\\.)*"/;
const SINGLE_VALUE = /^'(?:[^']|'')*'/;
const FLOW_VALUE = /^(?:\{[^'"#{}[\]]*\}|\[[^'"#{}[\]]*\])/;
/** After a quoted or flow value: nothing, or a comment. */
const TAIL = /^(?: *| +#.*)$/;
/** Plain keys the core schema reads as something other than a string (null, booleans). */
const NOT_A_STRING = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** Scans `text` as a block mapping of one-line values; undefined when any line is outside that layout. */
export function scanBlock(text: string): BlockDocument | undefined {
  if (text.includes("\t")) return undefined;
  const root: BlockDocument = { children: [] };
  // The open entries, outermost first: a deeper line nests under the last one.
  const open: { indent: number; entries: BlockEntry[] }[] = [];
  let previous: BlockEntry | undefined;
  let previousLine: "entry" | "other" = "other";
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    let contentEnd = nl === -1 ? text.length : nl;
    if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    const line = text.slice(pos, contentEnd);
    if (line.includes("\r")) return undefined;
    const indent = line.length - line.trimStart().length;
    const body = line.slice(indent);
    if (body === "" || body.startsWith("#")) {
      previousLine = "other";
    } else if (/^--- *$/.test(line)) {
      // A bare marker may open the document, before any content.
      if (previous !== undefined) return undefined;
      previousLine = "other";
    } else {
      const entry = readEntry(body, pos + indent, pos, lineEnd, indent);
      if (entry === undefined) return undefined;
      if (previous !== undefined) previous.followedByEntry = previousLine === "entry";
      if (!place(root, open, previous, entry)) return undefined;
      previous = entry;
      previousLine = "entry";
    }
    pos = lineEnd;
  }
  if (previous !== undefined) previous.followedByEntry = previousLine === "entry";
  return root.children.length > 0 ? root : undefined;
}

/** Nests `entry` by its indentation: deeper than a key without a value is a child, else a sibling of an open level. */
function place(
  root: BlockDocument,
  open: { indent: number; entries: BlockEntry[] }[],
  previous: BlockEntry | undefined,
  entry: BlockEntry,
): boolean {
  if (previous === undefined) {
    open.push({ indent: entry.indent, entries: root.children });
  } else if (entry.indent > previous.indent) {
    // Only a key without a value on its line opens a nested mapping.
    if (previous.value !== "none") return false;
    open.push({ indent: entry.indent, entries: previous.children });
  } else {
    while (open.length > 0 && open[open.length - 1]!.indent > entry.indent) open.pop();
    if (open.length === 0 || open[open.length - 1]!.indent !== entry.indent) return false;
  }
  open[open.length - 1]!.entries.push(entry);
  return true;
}

function readEntry(
  body: string,
  at: number,
  lineStart: number,
  lineEnd: number,
  indent: number,
): BlockEntry | undefined {
  let key: string;
  let keyLength: number;
  const plain = PLAIN_KEY.exec(body);
  const double = plain ? null : DOUBLE_KEY.exec(body);
  const single = plain || double ? null : SINGLE_KEY.exec(body);
  if (plain) {
    if (NOT_A_STRING.test(plain[0])) return undefined;
    [key, keyLength] = [plain[0], plain[0].length];
  } else if (double) [key, keyLength] = [double[1]!, double[0].length];
  else if (single) [key, keyLength] = [single[1]!.replace(/''/g, "'"), single[0].length];
  else return undefined;
  const afterColon = keyLength + 1;
  const rest = body.slice(afterColon);
  const spaces = rest.length - rest.trimStart().length;
  const valueText = rest.slice(spaces);
  const valueStart = at + afterColon + spaces;
  let value: BlockEntry["value"];
  let length: number | undefined;
  if (valueText === "" || valueText.startsWith("#")) [value, length] = ["none", 0];
  else {
    const quoted = DOUBLE_VALUE.exec(valueText) ?? SINGLE_VALUE.exec(valueText);
    const flow = quoted ? null : FLOW_VALUE.exec(valueText);
    const token = quoted ?? flow;
    if (token) {
      if (!TAIL.test(valueText.slice(token[0].length))) return undefined;
      [value, length] = [quoted ? "scalar" : "flow", token[0].length];
    } else [value, length] = ["scalar", plainLength(valueText)];
  }
  if (length === undefined) return undefined;
  return {
    lineStart,
    lineEnd,
    indent,
    key,
    value,
    valueStart,
    valueEnd: valueStart + length,
    children: [],
    followedByEntry: true,
  };
}

/** The length of a one-line plain scalar (before any comment), or undefined when it is not one. */
function plainLength(value: string): number | undefined {
  // Indicators that start something else: anchors, aliases, tags, block scalars, directives, reserved.
  if (/^[&*!|>%@`,\]}{["']/.test(value) || /^[-?:](?: |$)/.test(value)) return undefined;
  const comment = value.indexOf(" #");
  const scalar = (comment === -1 ? value : value.slice(0, comment)).trimEnd();
  // `a: b: c` is not a scalar; a trailing colon would start a mapping too.
  if (scalar.includes(": ") || scalar.endsWith(":")) return undefined;
  return scalar.length;
}

/** The entry of `key` among `entries`. */
export function entryOf(entries: readonly BlockEntry[], key: string): BlockEntry | undefined {
  return entries.find((e) => e.key === key);
}
