import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPlanCommand } from "../../src/cli/plan-command.js";
import { manifestYaml } from "../plan/build.js";

async function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runPlanCommand(args, {
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

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "npb-plan-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const MANIFEST = manifestYaml({ "master-1": { role: "control-plane" }, "worker-1": {}, "worker-2": {} });

describe("node-patch-bot plan", () => {
  it("prints the plan as JSON by default and as Markdown on request", async () => {
    const dir = await workspace({
      "machines.yaml": MANIFEST,
      "request.yaml": "strategy: in-place\nmaxUnavailable: 1\ntarget: {kernelVersion: 5.4.0}\n",
    });
    const json = await run(["--manifest", "machines.yaml", "--request", "request.yaml"], dir);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const plan = JSON.parse(json.stdout);
    expect(plan.phases.map((p: { kind: string; machines: string[] }) => `${p.kind} ${p.machines}`)).toEqual([
      "taint worker-1",
      "untaint worker-1",
      "taint worker-2",
      "untaint worker-2",
    ]);
    expect(plan.manifestPath).toBe("machines.yaml");
    const md = await run(
      ["--manifest", "machines.yaml", "--request", "request.yaml", "--format", "markdown"],
      dir,
    );
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("```mermaid\nflowchart LR\n");
  });

  it("exits 1 with file:line:col when the request is invalid or refused", async () => {
    const dir = await workspace({
      "machines.yaml": MANIFEST,
      "bad.yaml": "strategy: replace\nmaxSurge: lots\n",
      "refused.yaml": "strategy: replace\npackages:\n  - openssh-server\n  - kubelet\nreplacements: []\n",
    });
    const bad = await run(["--manifest", "machines.yaml", "--request", "bad.yaml"], dir);
    expect([bad.code, bad.stdout, bad.stderr.split("\n")[0]]).toEqual([
      1,
      "",
      'bad.yaml:2:11: error: maxSurge must be a non-negative integer or a percentage such as "25%"',
    ]);
    const refused = await run(["--manifest", "machines.yaml", "--request", "refused.yaml"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("  "))).toEqual([
      'refused.yaml:4:5: error: "kubelet" is managed by the WKS controller and changes only with a cluster upgrade, not an OS patch',
    ]);
  });

  it("points at the machine in the manifest when the refusal is about one", async () => {
    const dir = await workspace({
      "machines.yaml": manifestYaml({
        "master-1": { role: "control-plane" },
        "worker-1": { taints: [{ key: "node-patch-bot.dev/patching", value: "old", effect: "NoSchedule" }] },
      }),
      "request.yaml": "strategy: in-place\nmaxUnavailable: 1\ntarget: {osImage: x}\n",
    });
    const r = await run(["--manifest", "machines.yaml", "--request", "request.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^machines\.yaml:30:3: error: machine worker-1 already carries the bot's taint/);
  });

  it("uses the config's pool and reports a manifest's own errors", async () => {
    const dir = await workspace({
      "machines.yaml": MANIFEST,
      "pool.yaml": manifestYaml({ "spare-1": { address: "10.6.0.1" }, "spare-2": { address: "10.6.0.2" } }),
      "config.yml": "poolPath: pool.yaml\n",
      "request.json": '{"strategy": "replace"}',
      "broken.yaml": "kind: Machine\n",
    });
    const r = await run(
      ["--manifest", "machines.yaml", "--request", "request.json", "--config", "config.yml"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).replacements.map((x: { name: string }) => x.name)).toEqual([
      "spare-1",
      "spare-2",
    ]);
    const broken = await run(["--manifest", "broken.yaml", "--request", "request.json"], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^broken\.yaml:\d+:\d+: error: /);
    const missing = await run(["--manifest", "nope.yaml", "--request", "request.json"], dir);
    expect([missing.code, missing.stderr.split("\n")[0]]).toEqual([
      1,
      "nope.yaml:1:1: error: cannot read the file",
    ]);
  });

  it("exits 2 on usage errors", async () => {
    const dir = await workspace({});
    expect((await run([], dir)).code).toBe(2);
    expect((await run(["--manifest", "m", "--request", "r", "--format", "xml"], dir)).code).toBe(2);
    expect((await run(["--bogus"], dir)).code).toBe(2);
    const help = await run(["--help"], dir);
    expect([help.code, help.stdout.startsWith("usage: node-patch-bot plan")]).toEqual([0, true]);
  });
});
