// Splits a YAML stream into per-document text chunks without building YAML documents. The bot parses each
// chunk on its own (cheap, and memory stays flat), and an edit replaces one chunk's text while every other
// byte of the file stays exactly as it was.
//
// The YAML spec forbids a line that starts with `---` or `...` followed by a space or the line's end inside
// any scalar or collection (c-forbidden), so a line scan finds document boundaries exactly.

export interface RawChunk {
  text: string;
  lineBreaks: number;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

function isContentLine(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed !== "" && trimmed !== "\r" && !trimmed.startsWith("#");
}

/**
 * Cuts `text` so that each chunk holds one document: from its `---` marker line (when it has one) up to the
 * next marker. Comments and blank lines before the first document stay with it; a `---` that follows only
 * comments, blank lines or directives opens the document the chunk already holds rather than a new one.
 */
export function splitChunks(text: string): RawChunk[] {
  const chunks: RawChunk[] = [];
  let start = 0;
  let lineBreaks = 0;
  let hasContent = false;
  let ended = false;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, lineEnd);
    const marker = MARKER.exec(line)?.[1];
    const directive = line.startsWith("%");
    // A new document starts at a `---` once this chunk holds content (or was closed by `...`), at a
    // directive after content, or at content that follows a `...` end marker.
    const opens =
      (marker === "---" && (hasContent || ended)) ||
      (directive && (hasContent || ended)) ||
      (marker === undefined && !directive && ended && isContentLine(line));
    if (opens && pos > start) {
      chunks.push({ text: text.slice(start, pos), lineBreaks });
      start = pos;
      lineBreaks = 0;
      hasContent = false;
      ended = false;
    }
    if (marker === "...") ended = true;
    else if (marker === "---") {
      // Content on the marker line itself (`--- {a: 1}`) is document content.
      hasContent = hasContent || isContentLine(line.slice(3));
    } else if (!directive && isContentLine(line)) hasContent = true;
    if (nl !== -1) lineBreaks++;
    pos = lineEnd;
  }
  if (pos > start || chunks.length === 0) chunks.push({ text: text.slice(start), lineBreaks });
  return chunks;
}

/** The line ending the file uses most: edits write new lines with it. */
export function detectLineEnding(text: string): "\n" | "\r\n" {
  const lf = text.split("\n").length - 1;
  if (lf === 0) return "\n";
  const crlf = text.split("\r\n").length - 1;
  return crlf * 2 > lf ? "\r\n" : "\n";
}

/** 1-based line and column of `offset` within `text`, given the line number `text` starts on. */
export function lineCol(text: string, offset: number, startLine: number): { line: number; col: number } {
  let line = startLine;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
