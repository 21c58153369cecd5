// Parsing a large manifest is the costliest thing an event does (a third of a second for 1,000 machines), and
// one event or timer tick often needs the same file several times: planning a request and then building its
// first phase from the same commit, or every gate check reading the default branch's manifest until it moves.
// A parse is a pure function of the text and the options, and a Manifest is immutable plain data (edits make
// new ones), so a result can be handed out again: this keeps the last few, keyed by both. It is only a cache:
// a miss parses, and dropping it changes nothing but time.
import {
  type ParseOptions,
  type ParseResult,
  parseManifest as parseUncached,
  resolveOptions,
} from "./parse.js";

export type ManifestParser = (input: string | Uint8Array, options: ParseOptions) => ParseResult;

export interface ManifestParseCache {
  parse: ManifestParser;
  /** How many parses were answered from the cache and how many ran (for tests and benchmarks). */
  stats(): { hits: number; misses: number };
}

/** A parser that remembers its last `capacity` results (texts only: bytes are decoded and checked each time). */
export function createManifestParseCache(capacity = 4): ManifestParseCache {
  // Few entries, most recently used last: a linear look-up compares the options, then the texts by content.
  const entries: { options: string; text: string; result: ParseResult }[] = [];
  let hits = 0;
  let misses = 0;
  const parse: ManifestParser = (input, options) => {
    if (typeof input !== "string") return parseUncached(input, options);
    const resolved = JSON.stringify(resolveOptions(options));
    const at = entries.findIndex((e) => e.options === resolved && e.text === input);
    const found = entries[at];
    if (found !== undefined) {
      hits++;
      entries.splice(at, 1);
      entries.push(found);
      return found.result;
    }
    misses++;
    const result = parseUncached(input, options);
    entries.push({ options: resolved, text: input, result });
    if (entries.length > capacity) entries.shift();
    return result;
  };
  return { parse, stats: () => ({ hits, misses }) };
}
