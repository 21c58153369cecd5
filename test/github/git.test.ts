import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_IDENTITY, createGit, hermeticGitEnv } from "../../src/github/git.js";

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

describe("createGit's secret config", () => {
  it("reaches git through the environment, never the command line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npb-git-"));
    const secret = "Authorization: Basic c2VjcmV0";
    const git = createGit(dir, { secretConfig: { "http.extraHeader": secret } });
    await git.init();
    const lines: string[] = [];
    git.outputHandler((command, _stdout, _stderr, args) => lines.push([command, ...args].join(" ")));
    expect((await git.raw(["config", "--get", "http.extraHeader"])).trim()).toBe(secret);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("c2VjcmV0");
    // Nothing of it otherwise, and one entry at most (each index is a variable simple-git must allow).
    expect(hermeticGitEnv()).not.toHaveProperty("GIT_CONFIG_COUNT");
    expect(() => hermeticGitEnv({ secretConfig: { "a.b": "1", "c.d": "2" } })).toThrow("at most 1");
  });
});
