// Input the bot refuses before the YAML parser sees it: wrong encodings, oversized files and documents,
// nesting deep enough to exhaust the parser's stack. Each check names the place and the fix.
import { lineCol } from "./chunks.js";
import { diagnostic } from "./diagnostics.js";
import type { Diagnostic } from "./model.js";

export interface Limits {
  /** Largest manifest accepted, in bytes. */
  maxBytes: number;
  /** Largest single document accepted, in characters: a machine document is a few hundred bytes. */
  maxDocumentChars: number;
  /** Deepest flow nesting (`[[[…`) or block indentation accepted. */
  maxDepth: number;
  /** Alias expansions allowed per document (guards against "billion laughs"). */
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBytes: 64 * 1024 * 1024,
  maxDocumentChars: 1024 * 1024,
  maxDepth: 64,
  maxAliasCount: 100,
};

/** Decodes UTF-8 strictly; UTF-16/32 and invalid bytes are refused with the offending line. */
export function decodeUtf8(bytes: Uint8Array, file: string, limits: Limits): string | Diagnostic {
  const at1 = { file, line: 1, col: 1 };
  if (bytes.length > limits.maxBytes) {
    return diagnostic(
      "error",
      "too-large",
      at1,
      `the manifest is ${bytes.length} bytes, more than the ${limits.maxBytes} bytes node-patch-bot reads`,
      "split the cluster's machines across manifests, or check that this is the Machines manifest",
    );
  }
  const [b0, b1] = [bytes[0], bytes[1]];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0)) {
    return diagnostic(
      "error",
      "encoding",
      at1,
      "the manifest is UTF-16 or UTF-32 encoded (byte order mark found)",
      "save the file as UTF-8, as Kubernetes manifests are",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const prefix = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    const where = lineCol(prefix, prefix.length, 1);
    return diagnostic(
      "error",
      "encoding",
      { file, ...where },
      `byte ${bad} is not valid UTF-8 (0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")})`,
      "save the file as UTF-8; re-encode it with `iconv -f <encoding> -t UTF-8`",
    );
  }
}

/** Binary search for the longest prefix that decodes, leaving an incomplete sequence to the next step. */
function firstInvalidByte(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, mid), {
        stream: true,
      });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The longest decodable prefix may end inside a sequence whose next byte is wrong: point at its lead byte.
  let lead = lo;
  while (lead > 0 && lo - lead < 4 && ((bytes[lead - 1] ?? 0) & 0xc0) === 0x80) lead--;
  return lead > 0 && (bytes[lead - 1] ?? 0) >= 0xc0 ? lead - 1 : lo;
}

/**
 * Refuses a document too large or too deeply nested for a machine, before parsing it. Returns the offset
 * within `text` of the problem, with the message and fix.
 */
export function checkDocumentShape(
  text: string,
  limits: Limits,
): { offset: number; code: string; message: string; hint: string } | undefined {
  if (text.length > limits.maxDocumentChars) {
    return {
      offset: longestLineStart(text),
      code: "document-too-large",
      message: `this document is ${text.length} characters long, more than the ${limits.maxDocumentChars} a machine document may have (a huge scalar?)`,
      hint: "a Machine or ExistingInfraMachine is a few hundred bytes: remove the oversized value",
    };
  }
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      indent = 0;
      quote = undefined;
      continue;
    }
    if (lineStart && c === " ") {
      if (++indent > limits.maxDepth * 4) return deep(i, limits);
      continue;
    }
    lineStart = false;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl - 1;
    } else if (c === "[" || c === "{") {
      if (++flow > limits.maxDepth) return deep(i, limits);
    } else if (c === "]" || c === "}") flow = Math.max(0, flow - 1);
  }
  return undefined;
}

function deep(offset: number, limits: Limits) {
  return {
    offset,
    code: "too-deep",
    message: `nesting deeper than ${limits.maxDepth} levels`,
    hint: "a machine document nests a few levels: remove the deeply nested value",
  };
}

function longestLineStart(text: string): number {
  let best = 0;
  let bestLen = -1;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    if (end - start > bestLen) {
      bestLen = end - start;
      best = start;
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  return best;
}
