// The parse cache hands out a parse again for the same text and options, and is otherwise parseManifest.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createManifestParseCache, parseManifest } from "../../src/manifest/index.js";
import { manifestArb } from "./arbitraries.js";
import { upstream } from "./helpers.js";

const FOOTLOOSE = upstream("wksctl-footloose-machines.v1alpha3.yaml");

describe("createManifestParseCache", () => {
  it("answers what parseManifest answers, for every generated manifest and option", () => {
    const cache = createManifestParseCache();
    fc.assert(
      fc.property(
        manifestArb,
        fc.boolean(),
        fc.constantFrom(undefined, "example.dev/taints"),
        (gen, pool, key) => {
          const options = {
            file: "machines.yaml",
            pool,
            ...(key === undefined ? {} : { taintAnnotation: key }),
          };
          const first = cache.parse(gen.text, options);
          expect(first).toEqual(parseManifest(gen.text, options));
          // Asked again, with an equal text that is another string: the same result, not a second parse.
          expect(cache.parse(`${gen.text}!`.slice(0, -1), options)).toBe(first);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keys results by text and every option, keeps the last few, and parses bytes every time", () => {
    const cache = createManifestParseCache(2);
    const a = cache.parse(FOOTLOOSE, { file: "a.yaml" });
    expect(cache.parse(FOOTLOOSE, { file: "a.yaml", kubernetesVersions: ">=1.16.1 <=1.20.x" })).toBe(a);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1 });
    // Another file name, rule set or annotation key is another parse (messages and results differ).
    const b = cache.parse(FOOTLOOSE, { file: "b.yaml" });
    expect(b).not.toBe(a);
    expect(cache.parse(FOOTLOOSE, { file: "a.yaml", pool: true })).not.toBe(a);
    // Capacity 2: `a` was the least recently used, so it is parsed again.
    expect(cache.parse(FOOTLOOSE, { file: "b.yaml" })).toBe(b);
    expect(cache.parse(FOOTLOOSE, { file: "a.yaml" })).not.toBe(a);
    const bytes = new TextEncoder().encode(FOOTLOOSE);
    expect(cache.parse(bytes, { file: "b.yaml" })).not.toBe(b);
    expect(cache.parse(bytes, { file: "b.yaml" })).toEqual(b);
    // A text that does not parse is remembered as such, too.
    const bad = cache.parse("apiVersion: v1\nkind: List\nitems: []\n", { file: "c.yaml" });
    expect(bad.ok).toBe(false);
    expect(cache.parse("apiVersion: v1\nkind: List\nitems: []\n", { file: "c.yaml" })).toBe(bad);
  });
});
