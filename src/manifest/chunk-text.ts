// The text of chunks an edit creates or moves: new documents with their marker, the newline a chunk carries
// after a document without a final one, the file header that stays when the first document goes.
import type { Chunk } from "./model.js";

/** Chunks created by an edit, read again by `finish` (by identity: they are new objects). */
export const PENDING = "empty" as const;

export function pending(text: string): Chunk {
  return { text, kind: PENDING, lineBreaks: text.split("\n").length - 1 };
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

/**
 * A chunk added after a document without a final newline carries that newline itself; when such a chunk is
 * removed, the next chunk takes the newline over so two documents never end up on one line.
 */
export function rejoin(chunks: Chunk[], eol: string): Chunk[] {
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

export function normalizeEol(text: string, eol: string): string {
  const lf = text.replace(/\r\n/g, "\n");
  return eol === "\n" ? lf : lf.replace(/\n/g, "\r\n");
}
