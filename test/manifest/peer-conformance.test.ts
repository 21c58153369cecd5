// Upstream's own validation test inputs: our validator must agree with every verdict (v1alpha3), and must
// detect and explain the legacy format.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/index.js";
import { PEER } from "./helpers.js";

interface PeerCase {
  file: string;
  valid: boolean;
  expect: string;
  source: string;
}

const cases: PeerCase[] = JSON.parse(readFileSync(join(PEER, "cases.json"), "utf8"));

describe("upstream conformance corpus", () => {
  it("has the cases we expect to run", () => {
    expect(cases.length).toBe(15);
  });

  for (const c of cases.filter((c) => c.file.startsWith("v1alpha3-"))) {
    it(`${c.file}: ${c.valid ? "accepted" : `rejected at ${c.expect}`} as upstream does`, () => {
      const r = parseManifest(readFileSync(join(PEER, c.file)), { file: c.file });
      if (c.valid) {
        expect(r.ok ? [] : r.diagnostics).toEqual([]);
      } else {
        expect(r.ok).toBe(false);
        expect(!r.ok && r.diagnostics.filter((d) => d.severity === "error").map((d) => d.path)).toContain(
          c.expect,
        );
      }
    });
  }

  for (const c of cases.filter((c) => c.file.startsWith("legacy-"))) {
    it(`${c.file}: detected as the legacy format and explained`, () => {
      const r = parseManifest(readFileSync(join(PEER, c.file)), { file: c.file });
      expect(r).toMatchObject({ ok: false, legacy: true });
      expect(!r.ok && r.diagnostics).toEqual([
        expect.objectContaining({ code: "legacy-format", line: 1, col: 1 }),
      ]);
    });
  }
});
