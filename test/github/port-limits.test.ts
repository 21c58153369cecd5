// GitHub's size limits and git's blob ids, as properties: truncated text always fits, is a prefix of the
// original cut at a character boundary, says it was cut, and text that fits is never touched.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { createGit } from "../../src/github/git.js";
import { truncateBytes, truncateChars } from "../../src/github/limits.js";
import { createOctokitPort, gitBlobSha } from "../../src/github/octokit-port.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const text = fc.string({ unit: "grapheme", maxLength: 400 });
// At least 200 graphemes: more than 200 bytes and UTF-16 code units, so a limit below that always cuts.
const longText = fc.string({ unit: "grapheme", minLength: 200, maxLength: 600 });

describe("check run output limit (UTF-8 bytes)", () => {
  it("leaves text that fits unchanged", () => {
    fc.assert(fc.property(text, (s) => truncateBytes(s, Math.max(bytes(s), 1)) === s));
  });

  it("cuts longer text to the limit at a character boundary, keeping a prefix and adding a note", () => {
    fc.assert(
      fc.property(longText, fc.integer({ min: 100, max: 199 }), (s, max) => {
        const cut = truncateBytes(s, max);
        const [kept = ""] = cut.split("\n\n_(truncated: ");
        return bytes(cut) <= max && s.startsWith(kept) && /more bytes did not fit/.test(cut);
      }),
    );
  });

  it("never splits a multi-byte character at the default limit of 65,535 bytes", () => {
    const cut = truncateBytes("€".repeat(30_000));
    expect(bytes(cut)).toBeLessThanOrEqual(65_535);
    expect(cut).not.toContain("\uFFFD");
    expect(cut).toMatch(/^€+\n\n_\(truncated: \d+ more bytes did not fit in GitHub's check run limit\)_$/);
  });
});

describe("comment and body limit (characters)", () => {
  it("cuts to the limit without splitting a surrogate pair, and leaves text that fits alone", () => {
    fc.assert(
      fc.property(fc.oneof(text, longText), fc.integer({ min: 100, max: 500 }), (s, max) => {
        const cut = truncateChars(s, max);
        if (s.length <= max) return cut === s;
        const [kept = ""] = cut.split("\n\n_(truncated: ");
        const last = kept.charCodeAt(kept.length - 1);
        return cut.length <= max && s.startsWith(kept) && !(last >= 0xd800 && last <= 0xdbff);
      }),
    );
  });
});

describe("gitBlobSha", () => {
  it("is the id git gives the same bytes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-blob-"));
    const samples = ["", "kind: Machine\n", "héllo 🚀\r\n"];
    for (const [i, sample] of samples.entries()) {
      await writeFile(join(dir, String(i)), sample);
      const expected = (await createGit(dir).raw(["hash-object", "--no-filters", String(i)])).trim();
      expect(gitBlobSha(Buffer.from(sample, "utf8"))).toBe(expected);
    }
  });
});

describe("createOctokitPort", () => {
  it("accepts Probot's octokit as well as @octokit/rest's", () => {
    const octokit = new ProbotOctokit({ auth: { token: "ghs_x" } });
    const port = createOctokitPort({
      octokit,
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: "https://github.com/acme/cluster.git",
      token: async () => "ghs_x",
      workDir: tmpdir(),
    });
    expect(port.repo).toEqual({ owner: "acme", repo: "cluster" });
  });
});
