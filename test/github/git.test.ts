import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_IDENTITY, createGit } from "../../src/github/git.js";

describe("createGit", () => {
  it("commits with the bot's identity and a pinned date, ignoring the ambient git configuration", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-git-"));
    const git = createGit(dir, { date: "2026-01-02T03:04:05Z" });
    await git.init();
    await writeFile(join(dir, "machines.yaml"), "a: 1\n");
    await git.add("machines.yaml").commit("first");
    const log = await git.log();
    expect(log.latest).toMatchObject({
      author_name: BOT_IDENTITY.name,
      author_email: BOT_IDENTITY.email,
      date: "2026-01-02T03:04:05+00:00",
      message: "first",
    });
    expect((await git.branchLocal()).current).toBe("main");
  });
});
