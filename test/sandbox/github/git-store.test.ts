// The stand-in's git plumbing: reading a file at a revision, and answers about shas that are remembered.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffFiles, isAncestor, mergeBase } from "../../../src/sandbox/github/git-compare.js";
import {
  commitFiles,
  commitsBetween,
  initBare,
  readBlob,
  readCommit,
} from "../../../src/sandbox/github/git-store.js";

const signature = { identity: { name: "t", email: "t@example.com" }, date: "2026-01-01T00:00:00Z" };

describe("the stand-in's git store", () => {
  let dir: string;
  let first: string;
  let second: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "npb-git-store-"));
    await initBare(dir, "main");
    first = await commitFiles(
      dir,
      null,
      {
        "setup/machines.yaml": "kind: Machine\n",
        "docs/a file ü.txt": "héllo\n",
        "bin.dat": Buffer.from([0, 10, 255]),
      },
      "first",
      signature,
    );
    second = await commitFiles(
      dir,
      first,
      { "setup/machines.yaml": "kind: Machine\nname: x\n" },
      "second",
      signature,
    );
    await commitFiles(dir, second, {}, "unused", signature);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file's blob and bytes at a sha, and nothing for directories, unknown paths or revisions", async () => {
    const text = async (rev: string, path: string) =>
      (await readBlob(dir, rev, path))?.content.toString("utf8");
    expect(await text(first, "setup/machines.yaml")).toBe("kind: Machine\n");
    expect(await text(second, "setup/machines.yaml")).toBe("kind: Machine\nname: x\n");
    expect(await text(second, "docs/a file ü.txt")).toBe("héllo\n");
    expect([...((await readBlob(dir, first, "bin.dat"))?.content ?? [])]).toEqual([0, 10, 255]);
    const blob = await readBlob(dir, first, "setup/machines.yaml");
    expect(blob?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await readBlob(dir, first, "setup")).toBeNull();
    expect(await readBlob(dir, first, "nothing/here")).toBeNull();
    expect(await readBlob(dir, "no-such-branch", "setup/machines.yaml")).toBeNull();
    expect(await readBlob(dir, first, "odd\nname")).toBeNull();
  });

  it("remembers a file found at a sha, and not a commit it does not have yet", async () => {
    expect(await readBlob(dir, first, "setup/machines.yaml")).toBe(
      await readBlob(dir, first, "setup/machines.yaml"),
    );
    // The same commit made in another repository first: unknown here, then pushed (made) here too.
    const other = await mkdtemp(join(tmpdir(), "npb-git-store-other-"));
    try {
      await initBare(other, "main");
      const files = { "later.txt": "later\n" };
      const later = await commitFiles(other, null, files, "later", signature);
      expect(await readBlob(dir, later, "later.txt")).toBeNull();
      expect(await commitFiles(dir, null, files, "later", signature)).toBe(later);
      expect((await readBlob(dir, later, "later.txt"))?.content.toString("utf8")).toBe("later\n");
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("answers questions about shas the same way each time, and shares no mutable answer", async () => {
    expect(await commitsBetween(dir, first, second)).toEqual([second]);
    expect(await commitsBetween(dir, first, second)).toEqual([second]);
    expect([await isAncestor(dir, first, second), await isAncestor(dir, second, first)]).toEqual([
      true,
      false,
    ]);
    expect(await isAncestor(dir, first, "0".repeat(40))).toBe(false);
    expect([await isAncestor(dir, second, second), await mergeBase(dir, second, first)]).toEqual([
      true,
      first,
    ]);
    // Another root commit shares no history with these.
    const root = await commitFiles(dir, null, { "x.txt": "x\n" }, "root", signature);
    expect([await mergeBase(dir, root, second), await isAncestor(dir, root, second)]).toEqual([null, false]);
    const files = await diffFiles(dir, first, second);
    expect(files.map((f) => [f.filename, f.status])).toEqual([["setup/machines.yaml", "modified"]]);
    expect(() => files.push(files[0] as never)).toThrow();
    // What a commit read teaches (its parent is the merge base, it is the only commit after its parent) holds.
    const third = await commitFiles(dir, second, { "x.txt": "3\n" }, "third", signature);
    expect((await readCommit(dir, third)).parents).toEqual([second]);
    expect([await commitsBetween(dir, second, third), await mergeBase(dir, second, third)]).toEqual([
      [third],
      second,
    ]);
    expect(await commitsBetween(dir, first, third)).toEqual([second, third]);
    const commit = await readCommit(dir, second);
    expect([commit.message, commit.parents]).toEqual(["second", [first]]);
    expect(await readCommit(dir, second)).toBe(commit);
  });
});
