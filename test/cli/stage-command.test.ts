import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runStageCommand } from "../../src/cli/stage-command.js";
import { createGit } from "../../src/github/git.js";
import { manifestYaml } from "../plan/build.js";

async function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runStageCommand(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

const DATE = "2026-01-02T03:04:05Z";
const MANIFEST = manifestYaml({ "master-1": { role: "control-plane" }, "worker-1": {}, "worker-2": {} });

/** A repository with the manifest committed on main, and a directory outside it for request files. */
async function setup(files: Record<string, string>) {
  const repo = await mkdtemp(join(tmpdir(), "npb-stage-repo-"));
  const git = createGit(repo, { date: DATE });
  await git.init();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(repo, path, ".."), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  await git.add(".").commit("initial");
  const cwd = await mkdtemp(join(tmpdir(), "npb-stage-cwd-"));
  return { repo, git, cwd };
}

describe("node-patch-bot stage", () => {
  it("creates a branch with one commit per phase, leaving the checkout alone", async () => {
    const { repo, git, cwd } = await setup({ "setup/machines.yaml": MANIFEST });
    await writeFile(
      join(cwd, "request.yaml"),
      "strategy: replace\nmaxSurge: 2\nreason: CVE-2024-1086\nreplacements:\n  - {name: worker-3, privateAddress: 10.0.1.3}\n  - {name: worker-4, privateAddress: 10.0.1.4}\n",
    );
    const r = await run(
      ["--repo", repo, "--request", "request.yaml", "--branch", "patch/cve", "--date", DATE],
      cwd,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(
      /^staged 3 phases of rollout [0-9a-f]{12} on branch patch\/cve:$/,
    );
    const log = await git.log({ from: "main", to: "patch/cve" });
    expect(log.all.map((c) => c.message).reverse()).toEqual([
      "Add worker-3, worker-4",
      "Taint and drain worker-1, worker-2",
      "Remove worker-1, worker-2",
    ]);
    const body = await git.raw(["log", "-1", "--format=%B", "patch/cve~1"]);
    expect(body).toMatch(
      /^Taint and drain worker-1, worker-2\n\nPhase 2 of 3, wave 1, rollout [0-9a-f]{12}: taint worker-1, worker-2\n\nReason: CVE-2024-1086\n/,
    );
    const files = await git.raw(["diff", "--name-only", "main", "patch/cve"]);
    expect(files).toBe("setup/machines.yaml\n");
    const final = await git.raw(["show", "patch/cve:setup/machines.yaml"]);
    expect(final).toContain("name: worker-3");
    expect(final).not.toContain("name: worker-1\n");
    expect((await git.branchLocal()).current).toBe("main");
    expect(await readFile(join(repo, "setup/machines.yaml"), "utf8")).toBe(MANIFEST);
    expect((await git.raw(["worktree", "list"])).trim().split("\n")).toHaveLength(1);
  });

  it("reads the repository config and moves spares out of the pool in the add commits", async () => {
    const { repo, git, cwd } = await setup({
      "machines.yaml": MANIFEST,
      ".github/node-patch-bot.yml": "manifestPath: machines.yaml\npoolPath: spares/pool.yaml\n",
      "spares/pool.yaml": manifestYaml({
        "spare-1": { address: "10.6.0.1" },
        "spare-2": { address: "10.6.0.2" },
      }),
    });
    await writeFile(join(cwd, "request.json"), '{"strategy": "replace"}');
    const r = await run(["--repo", repo, "--request", "request.json", "--date", DATE], cwd);
    expect(r.code).toBe(0);
    const branch = r.stdout.match(/on branch (\S+):/)?.[1] ?? "";
    expect(branch).toMatch(/^node-patch\/[0-9a-f]{12}\/staged$/);
    const first = await git.raw(["show", "--name-only", "--format=", `${branch}~5`]);
    expect(first.trim().split("\n").sort()).toEqual(["machines.yaml", "spares/pool.yaml"]);
    expect(await git.raw(["show", `${branch}~5:spares/pool.yaml`])).toBe(
      manifestYaml({ "spare-2": { address: "10.6.0.2" } }),
    );
    expect(await git.raw(["show", `${branch}:spares/pool.yaml`])).toBe("");
  });

  it("writes nothing on invalid input, a refusal or an existing branch", async () => {
    const { repo, git, cwd } = await setup({ "setup/machines.yaml": MANIFEST });
    await writeFile(join(cwd, "bad.yaml"), "strategy: sideways\n");
    await writeFile(
      join(cwd, "refused.yaml"),
      "strategy: in-place\nmachines: {role: control-plane}\ntarget: {osImage: x}\n",
    );
    await writeFile(join(cwd, "ok.yaml"), "strategy: in-place\nmaxUnavailable: 1\ntarget: {osImage: x}\n");
    const branches = async () => (await git.branchLocal()).all;
    const bad = await run(["--repo", repo, "--request", "bad.yaml"], cwd);
    expect([bad.code, bad.stderr.split("\n")[0]]).toEqual([
      1,
      "bad.yaml:1:11: error: strategy must be one of: replace, in-place",
    ]);
    const refused = await run(["--repo", repo, "--request", "refused.yaml"], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^setup\/machines\.yaml:\d+:\d+: error: patching master-1 in-place would leave 0 of 1/,
    );
    expect(await branches()).toEqual(["main"]);
    expect((await run(["--repo", repo, "--request", "ok.yaml", "--branch", "main"], cwd)).code).toBe(1);
    const missing = await run(["--repo", repo, "--request", "ok.yaml", "--manifest-path", "nope.yaml"], cwd);
    expect([missing.code, missing.stderr.split("\n")[0]]).toEqual([
      1,
      "nope.yaml:1:1: error: cannot read the file",
    ]);
    expect(await branches()).toEqual(["main"]);
    expect((await run(["--repo", join(repo, "nowhere"), "--request", "ok.yaml"], cwd)).code).toBe(1);
    expect((await run(["--repo", repo], cwd)).code).toBe(2);
  });
});
