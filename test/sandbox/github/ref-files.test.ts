// Reading refs from the files answers what git answers: loose and packed refs, nesting, deletions, prefixes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitFiles, gitText, initBare } from "../../../src/sandbox/github/git-store.js";
import { readRefFile, readRefFiles } from "../../../src/sandbox/github/ref-files.js";

const signature = { identity: { name: "t", email: "t@example.com" }, date: "2026-01-01T00:00:00Z" };

describe("refs read from the files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "npb-ref-files-"));
    await initBare(dir, "main");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What git says: for-each-ref's listing for a pattern, and rev-parse for a name. */
  async function gitRefs(pattern: string): Promise<Map<string, string>> {
    const text = await gitText(dir, ["for-each-ref", "--format=%(refname) %(objectname)", pattern]);
    return new Map(
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" ") as [string, string]),
    );
  }
  async function gitRef(name: string): Promise<string | null> {
    const text = await gitText(dir, ["rev-parse", "--verify", "--quiet", name]).catch(() => "");
    return text === "" ? null : text;
  }
  async function agree(names: string[], patterns: string[]): Promise<void> {
    for (const name of names) expect(await readRefFile(dir, name), name).toBe(await gitRef(name));
    for (const pattern of patterns) {
      const read = await readRefFiles(dir, pattern);
      expect(read && [...read], pattern).toEqual([...(await gitRefs(pattern))]);
    }
  }

  it("agrees with git through loose, packed, overridden and deleted refs", async () => {
    const names = [
      "refs/heads/main",
      "refs/heads/node-patch/abc123/1-taint",
      "refs/heads/node-patch/abc123/2-untaint",
      "refs/heads/node-patch",
      "refs/heads/ma",
      "refs/tags/v1",
      "refs/node-patch-bot/schedules/x",
      "refs/heads/none",
    ];
    const patterns = ["refs/", "refs/heads/main", "refs/heads/node-patch", "refs/heads/node", "refs/tags"];
    const first = await commitFiles(dir, null, { "a.txt": "a\n" }, "first", signature);
    const second = await commitFiles(dir, first, { "a.txt": "b\n" }, "second", signature);
    await gitText(dir, ["update-ref", "refs/heads/main", first]);
    await gitText(dir, ["update-ref", "refs/heads/node-patch/abc123/1-taint", second]);
    await gitText(dir, ["update-ref", "refs/node-patch-bot/schedules/x", first]);
    await gitText(dir, ["tag", "-a", "-m", "v1", "v1", first], {
      env: { GIT_COMMITTER_DATE: signature.date },
    });
    await agree(names, patterns);
    await gitText(dir, ["pack-refs", "--all"]);
    await agree(names, patterns);
    // A loose ref newer than its packed value wins; a deleted one is gone from both.
    await gitText(dir, ["update-ref", "refs/heads/main", second]);
    await gitText(dir, ["update-ref", "refs/heads/node-patch/abc123/2-untaint", first]);
    await gitText(dir, ["update-ref", "-d", "refs/heads/node-patch/abc123/1-taint"]);
    await agree(names, patterns);
    expect(await readRefFile(dir, "refs/heads/main")).toBe(second);
  });

  it("leaves revision syntax, patterns and symbolic refs to git", async () => {
    const first = await commitFiles(dir, null, { "a.txt": "a\n" }, "first", signature);
    await gitText(dir, ["update-ref", "refs/heads/main", first]);
    await gitText(dir, ["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    for (const name of ["refs/heads/main^", "refs/heads/../main", "main", "refs/heads/alias"])
      expect(await readRefFile(dir, name), name).toBeUndefined();
    expect(await readRefFiles(dir, "refs/heads/*")).toBeUndefined();
    expect(await readRefFiles(dir, "refs/")).toBeUndefined();
  });
});
